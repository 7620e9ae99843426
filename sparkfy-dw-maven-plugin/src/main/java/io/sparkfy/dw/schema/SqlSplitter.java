package io.sparkfy.dw.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a script into statements at semicolons outside quotes and comments. Comments are dropped so that what
 * reaches the server (and a dry run's output) is the statement alone.
 */
final class SqlSplitter {

    private SqlSplitter() {
    }

    static List<SqlStatement> split(String script, String text) {
        List<SqlStatement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int line = 1;
        int startLine = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                if (i < text.length()) {
                    line++;
                    current.append('\n');
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, i + 1);
                while (end > 0 && end + 1 < text.length() && text.charAt(end + 1) == c) {
                    end = text.indexOf(c, end + 2); // doubled quote inside a literal
                }
                if (end < 0) {
                    throw new IllegalStateException(script + ":" + line + ": unterminated " + c + " quote");
                }
                if (startLine < 0) {
                    startLine = line;
                }
                String quoted = text.substring(i, end + 1);
                line += (int) quoted.chars().filter(ch -> ch == '\n').count();
                current.append(quoted);
                i = end;
                continue;
            }
            if (c == ';') {
                add(statements, script, startLine, current);
                startLine = -1;
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (startLine < 0 && !Character.isWhitespace(c)) {
                startLine = line;
            }
            current.append(c);
        }
        add(statements, script, startLine, current);
        return List.copyOf(statements);
    }

    private static void add(List<SqlStatement> statements, String script, int line, StringBuilder current) {
        String sql = current.toString().strip().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{2,}", "\n");
        if (!sql.isEmpty()) {
            statements.add(new SqlStatement(script, line, sql));
        }
        current.setLength(0);
    }
}
