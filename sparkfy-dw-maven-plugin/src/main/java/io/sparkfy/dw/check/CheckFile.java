package io.sparkfy.dw.check;

import io.sparkfy.dw.LoadException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one check file: a header of {@code --} lines, then one query.
 *
 * <pre>
 * -- severity: error
 * -- description: every play's user_id is in users
 * SELECT ... the failing rows ...
 * </pre>
 *
 * The header is the run of {@code --} lines the file starts with. A line in {@code key: value} form must name a
 * known key ({@code severity}, {@code description}, or {@code freshness} in place of a severity), each once, with a
 * value; other comment lines are free text. Anything else is refused naming the file, line and column: a misspelt
 * key would otherwise turn an error check into a silent one.
 */
final class CheckFile {

    static final String SEVERITY = "severity";
    static final String DESCRIPTION = "description";
    static final String FRESHNESS = "freshness";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern KEY = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)[ \\t]*:(.*)");
    private static final Pattern QUERY = Pattern.compile("(?i)(SELECT|WITH)\\b.*", Pattern.DOTALL);
    private static final String EXAMPLE = "'-- severity: warn' (or error) and '-- description: ...'";

    private CheckFile() {
    }

    /** The check in {@code text}, named {@code name}; {@code origin} names it in errors. */
    static DataCheck parse(String name, String origin, boolean shipped, String text) {
        if (!NAME.matcher(name).matches()) {
            throw new LoadException(origin, 0, 0, "'" + name + "' is not a check name (letters, digits, '_', '.'"
                    + " and '-', starting with a letter or digit)");
        }
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\\R", -1);
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        int line = 0;
        while (line < lines.length && lines[line].stripLeading().startsWith("--")) {
            String raw = lines[line];
            int dashes = raw.indexOf("--");
            String comment = raw.substring(dashes + 2);
            int lead = comment.length() - comment.stripLeading().length();
            Matcher key = KEY.matcher(comment.strip());
            if (key.matches()) {
                int column = dashes + 3 + lead;
                String k = key.group(1).toLowerCase(Locale.ROOT);
                String value = key.group(2).strip();
                if (!k.equals(SEVERITY) && !k.equals(DESCRIPTION) && !k.equals(FRESHNESS)) {
                    throw new LoadException(origin, line + 1, column, "unknown header key '" + key.group(1)
                            + "' (known: severity, description, freshness)");
                }
                if (header.containsKey(k)) {
                    throw new LoadException(origin, line + 1, column, "'" + k + "' is given twice in the header"
                            + " (first on line " + lineOf.get(k) + ")");
                }
                if (value.isEmpty()) {
                    throw new LoadException(origin, line + 1, column, "'" + k + ":' has no value");
                }
                header.put(k, value);
                lineOf.put(k, line + 1);
            }
            line++;
        }
        if (header.isEmpty()) {
            throw new LoadException(origin, 1, 1, "a check starts with its header: " + EXAMPLE);
        }
        Severity severity = null;
        String freshness = header.get(FRESHNESS);
        if (header.containsKey(SEVERITY)) {
            severity = Severity.parse(header.get(SEVERITY));
            if (severity == null) {
                throw new LoadException(origin, lineOf.get(SEVERITY), 0, "severity must be warn or error, not '"
                        + header.get(SEVERITY) + "'");
            }
            if (freshness != null) {
                throw new LoadException(origin, lineOf.get(FRESHNESS), 0, "a freshness check takes its severity"
                        + " from its warn and error ages: remove '-- severity:' (line " + lineOf.get(SEVERITY) + ")");
            }
        } else if (freshness == null) {
            throw new LoadException(origin, line, 0, "the header has no severity: add " + EXAMPLE);
        }
        if (freshness != null && !Freshness.NAMES.contains(freshness)) {
            throw new LoadException(origin, lineOf.get(FRESHNESS), 0, "freshness names the ages that judge it: "
                    + String.join(" or ", Freshness.NAMES) + ", not '" + freshness + "'");
        }
        if (!header.containsKey(DESCRIPTION)) {
            throw new LoadException(origin, line, 0, "the header has no description: add '-- description: ...'"
                    + " saying what the rule is");
        }
        String sql = query(origin, lines, line);
        return new DataCheck(name, origin, shipped, severity, freshness, header.get(DESCRIPTION), sql);
    }

    /** The one query after the header, without a trailing semicolon; a second statement is refused. */
    private static String query(String origin, String[] lines, int first) {
        StringBuilder text = new StringBuilder();
        for (int i = first; i < lines.length; i++) {
            text.append(lines[i]).append('\n');
        }
        String sql = text.toString();
        int end = Statements.end(sql); // index of the first ';' outside quotes and comments, or -1
        if (end >= 0) {
            if (!Statements.onlyCommentsAfter(sql, end + 1)) {
                int[] at = position(sql, end);
                throw new LoadException(origin, first + at[0], at[1], "a check is one query: nothing but comments"
                        + " may follow its ';'");
            }
            sql = sql.substring(0, end);
        }
        String code = Statements.withoutLeadingComments(sql);
        if (code.isBlank()) {
            throw new LoadException(origin, first + 1, 0, "no query after the header: a check is a SELECT returning"
                    + " the rows that break its rule");
        }
        if (!QUERY.matcher(code).matches()) {
            int[] at = position(sql, sql.indexOf(code.charAt(0)));
            String word = code.split("\\s+", 2)[0];
            throw new LoadException(origin, first + at[0], at[1], "a check is a query (SELECT or WITH), not '"
                    + word + "': it returns the rows that break its rule and changes nothing");
        }
        return sql.strip();
    }

    /** 1-based line (relative to the text) and column of an index. */
    private static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
