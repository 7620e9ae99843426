package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.Secrets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a job would run, as a dry run prints it, and what the dry run returns in its place. Statements are printed
 * as they would be sent, in one transaction, secrets masked.
 */
final class Plan<T> {

    private final String title;
    private final List<String> statements;
    private final List<String> intro;
    private final List<FullBuild.PlanBlock> blocks;
    private final T result;
    private final boolean readOnly;

    private Plan(String title, List<String> statements, T result) {
        this(title, statements, List.of(), List.of(), result, false);
    }

    private Plan(String title, List<String> statements, List<String> intro, List<FullBuild.PlanBlock> blocks,
                 T result, boolean readOnly) {
        this.title = title;
        this.statements = statements;
        this.intro = intro;
        this.blocks = blocks;
        this.result = result;
        this.readOnly = readOnly;
    }

    /** {@code BEGIN;}, the statements, {@code COMMIT;}, under a line naming the goal and the warehouse. */
    static <T> Plan<T> transaction(String title, List<String> statements, T result) {
        return new Plan<>(title, List.copyOf(statements), result);
    }

    /** {@code BEGIN READ ONLY;}, the statements, {@code ROLLBACK;}: a job that reads only. */
    static <T> Plan<T> readOnly(String title, List<String> statements, T result) {
        return new Plan<>(title, List.copyOf(statements), List.of(), List.of(), result, true);
    }

    /**
     * Several transactions, each under its heading (a comment), after {@code intro} (comment lines): for a job whose
     * path, or whose transactions, are only decided when it runs.
     */
    static <T> Plan<T> blocks(String title, List<String> intro, List<FullBuild.PlanBlock> blocks, T result) {
        return new Plan<>(title, List.of(), List.copyOf(intro), List.copyOf(blocks), result, false);
    }

    /** One line instead of statements: for a job whose SQL is not worth listing. */
    static <T> Plan<T> note(String line, T result) {
        return new Plan<>(line, null, result);
    }

    /** Nothing printed: the result says it is a dry run. */
    static <T> Plan<T> silent(T result) {
        return new Plan<>(null, null, result);
    }

    List<String> lines(String warehouse) {
        List<String> lines = new ArrayList<>();
        if (statements == null) {
            if (title != null) {
                lines.add(title);
            }
            return lines;
        }
        lines.add("[dry run] " + title + " on " + warehouse + ": nothing is connected or changed");
        if (blocks.isEmpty()) {
            transaction(lines, statements, readOnly);
            return lines;
        }
        intro.forEach(line -> lines.add("-- " + line));
        for (FullBuild.PlanBlock block : blocks) {
            lines.add("-- " + block.heading());
            transaction(lines, block.statements(), readOnly);
        }
        return lines;
    }

    private static void transaction(List<String> lines, List<String> statements, boolean readOnly) {
        lines.add(readOnly ? "BEGIN READ ONLY;" : "BEGIN;");
        for (String statement : statements) {
            lines.addAll(List.of((Secrets.mask(statement) + (statement.startsWith("-- ") && !statement.contains("\n")
                    ? "" : ";")).split("\n")));
        }
        lines.add(readOnly ? "ROLLBACK;" : "COMMIT;");
    }

    T print(Log log, String warehouse) {
        lines(warehouse).forEach(log::info);
        return result;
    }
}
