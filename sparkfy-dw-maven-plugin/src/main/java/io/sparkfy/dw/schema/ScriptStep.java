package io.sparkfy.dw.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step of a script: from a {@code -- step: <name>} line to the next one. The statements whose line comes after
 * it belong to it; the goal names the step in its log when it begins.
 */
public record ScriptStep(String name, int line) {

    private static final Pattern MARKER = Pattern.compile("^--\\s*step:\\s*(\\S.*?)\\s*$");

    /** The steps of a script's text, in order; none when it has no marker. */
    static List<ScriptStep> of(String text) {
        List<ScriptStep> steps = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = MARKER.matcher(lines[i]);
            if (m.matches()) {
                steps.add(new ScriptStep(m.group(1), i + 1));
            }
        }
        return List.copyOf(steps);
    }

    /** The step {@code statement} belongs to: the last one above it, or null before the first. */
    public static ScriptStep of(List<ScriptStep> steps, SqlStatement statement) {
        ScriptStep found = null;
        for (ScriptStep step : steps) {
            if (step.line() < statement.line()) {
                found = step;
            }
        }
        return found;
    }
}
