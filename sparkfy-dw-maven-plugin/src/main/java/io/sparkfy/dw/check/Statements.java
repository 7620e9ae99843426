package io.sparkfy.dw.check;

/** Just enough SQL lexing to tell one query from two: quotes, identifiers, dollar quotes and comments skipped. */
final class Statements {

    private Statements() {
    }

    /** The index of the first {@code ;} outside quotes and comments, or -1. */
    static int end(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            int skipped = skip(sql, i);
            if (skipped != i) {
                i = skipped - 1;
            } else if (c == ';') {
                return i;
            }
        }
        return -1;
    }

    /** True when only whitespace and comments follow {@code from}. */
    static boolean onlyCommentsAfter(String sql, int from) {
        return withoutLeadingComments(sql.substring(from)).isBlank();
    }

    /** The text from its first character that is neither whitespace nor inside a comment. */
    static String withoutLeadingComments(String sql) {
        int i = 0;
        while (i < sql.length()) {
            if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else if (sql.startsWith("--", i) || sql.startsWith("/*", i)) {
                i = skip(sql, i);
            } else {
                break;
            }
        }
        return sql.substring(i);
    }

    /** Past the quote or comment starting at {@code i} (to the end when unterminated); {@code i} itself if none. */
    private static int skip(String sql, int i) {
        char c = sql.charAt(i);
        if (c == '-' && sql.startsWith("--", i)) {
            int newline = sql.indexOf('\n', i);
            return newline < 0 ? sql.length() : newline + 1;
        }
        if (c == '/' && sql.startsWith("/*", i)) {
            int close = sql.indexOf("*/", i + 2);
            return close < 0 ? sql.length() : close + 2;
        }
        if (c == '\'' || c == '"') {
            int j = i + 1;
            while (j < sql.length()) {
                if (sql.charAt(j) == c) {
                    if (j + 1 < sql.length() && sql.charAt(j + 1) == c) {
                        j += 2; // a doubled quote stays inside
                        continue;
                    }
                    return j + 1;
                }
                j++;
            }
            return sql.length();
        }
        if (c == '$') {
            int close = sql.indexOf('$', i + 1);
            if (close > i) {
                String tag = sql.substring(i, close + 1);
                if (tag.matches("\\$[A-Za-z_]*\\$")) {
                    int end = sql.indexOf(tag, close + 1);
                    return end < 0 ? sql.length() : end + tag.length();
                }
            }
        }
        return i;
    }
}
