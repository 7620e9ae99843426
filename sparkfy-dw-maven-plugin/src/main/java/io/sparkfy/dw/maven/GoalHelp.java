package io.sparkfy.dw.maven;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The text of {@code mvn sparkfy-dw:help}: the goals in the order of a first run (the README's Goals table's too), each
 * with its description; with detail, its parameters, required ones first. All goals with detail list each
 * parameter on one line; one goal ({@code -Dgoal}) also gets each parameter's full text.
 */
final class GoalHelp {

    /**
     * A first run's order: build the warehouse, read what it holds, its records, the goals a first run can do
     * without, then the cluster's and the Serverless goals in the order of their life. A goal not listed comes after
     * these, by name; ReadmeGoalsTest holds this to the README's Goals table.
     */
    static final List<String> ORDER = List.of("create-tables", "load-stg", "insert-dw", "etl", "query", "check",
            "report", "serve", "info", "history", "generate-data", "drop-tables", "cluster-create", "cluster-status",
            "cluster-pause", "cluster-resume", "cluster-delete", "serverless-create", "serverless-status",
            "serverless-delete", "help");

    record Goal(String name, String description, List<Parameter> parameters) {
    }

    record Parameter(String name, String property, String defaultValue, boolean required, String description,
                     boolean deprecated) {
    }

    private final String prefix;
    private final int width;
    private final int indent;

    GoalHelp(String prefix, int width, int indent) {
        this.prefix = prefix;
        this.width = Math.max(40, width);
        this.indent = Math.max(0, indent);
    }

    /** The lines to print; {@code only} (a goal's name) narrows them to that goal. */
    List<String> lines(String title, String description, List<Goal> goals, boolean detail, String only) {
        List<Goal> shown = new ArrayList<>(goals);
        shown.sort(Comparator.comparing(GoalHelp::rank).thenComparing(Goal::name));
        if (only != null) {
            shown.removeIf(g -> !g.name().equals(only));
            if (shown.isEmpty()) {
                throw new IllegalArgumentException("no goal '" + only + "'; the goals: "
                        + goals.stream().map(Goal::name).sorted().toList());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(title);
        wrap(description, 1, lines);
        lines.add("");
        if (only == null) {
            wrap(shown.size() + " goals, in the order of a first run. "
                    + (detail ? "" : "-Ddetail lists their parameters; ")
                    + "-Ddetail -Dgoal=<goal> describes each parameter of one goal.", 0, 0, lines);
            lines.add("");
        }
        for (Goal goal : shown) {
            lines.add(prefix + ":" + goal.name());
            wrap(goal.description(), 1, lines);
            if (detail && !goal.parameters().isEmpty()) {
                lines.add("");
                lines.add(pad(1) + "Parameters (property, default), required ones first:");
                List<Parameter> parameters = new ArrayList<>(goal.parameters());
                parameters.sort(Comparator.comparing((Parameter p) -> !p.required()).thenComparing(Parameter::name));
                for (Parameter p : parameters) {
                    wrap(summary(p), 2, 4, lines);
                    if (only != null) {
                        wrap(p.description(), 3, lines);
                    }
                }
            }
            lines.add("");
        }
        return lines;
    }

    private static int rank(Goal goal) {
        int at = ORDER.indexOf(goal.name());
        return at >= 0 ? at : ORDER.size();
    }

    private static String summary(Parameter p) {
        StringBuilder line = new StringBuilder(p.name());
        List<String> facts = new ArrayList<>();
        if (p.required()) {
            facts.add("required");
        }
        if (p.property() != null) {
            facts.add("-D" + p.property());
        }
        if (p.defaultValue() != null) {
            facts.add("default " + p.defaultValue());
        }
        if (p.deprecated()) {
            facts.add("deprecated");
        }
        if (!facts.isEmpty()) {
            line.append(" (").append(String.join(", ", facts)).append(')');
        }
        return line.toString();
    }

    /** Word-wraps {@code text} (its own line breaks and runs of spaces are one space) at {@code level}. */
    private void wrap(String text, int level, List<String> lines) {
        wrap(text, level, level, lines);
    }

    /** Word-wraps {@code text}: its first line at {@code first}, the others at {@code next}. */
    private void wrap(String text, int first, int next, List<String> lines) {
        if (text == null || text.isBlank()) {
            return;
        }
        String pad = pad(first);
        StringBuilder line = new StringBuilder(pad);
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > pad.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                pad = pad(next);
                line = new StringBuilder(pad);
            }
            if (line.length() > pad.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
    }

    private String pad(int level) {
        return " ".repeat(level * indent);
    }
}
