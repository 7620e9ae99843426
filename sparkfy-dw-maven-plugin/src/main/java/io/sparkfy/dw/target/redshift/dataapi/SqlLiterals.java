package io.sparkfy.dw.target.redshift.dataapi;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A prepared statement's parameters written into its text as Redshift literals: {@code BatchExecuteStatement}
 * takes no parameters, so every value of a transaction's writes is inlined, and reads are inlined the same way (one
 * path). Strings are quoted with {@code '} doubled and {@code \} doubled (a backslash escapes in Redshift's string
 * literals); a NUL character, which Redshift cannot store, is refused. Numbers must be finite. The {@code ?} marks
 * are found outside string literals, quoted identifiers and comments.
 */
final class SqlLiterals {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private SqlLiterals() {
    }

    /** {@code sql} with its n-th {@code ?} replaced by the literal of {@code values.get(n)} (1-based). */
    static String inline(String sql, Map<Integer, Object> values) throws SQLException {
        StringBuilder out = new StringBuilder(sql.length() + 16 * values.size());
        int marks = 0;
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = stringEnd(sql, i);
                out.append(sql, i, end);
                i = end;
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? sql.length() : end + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? sql.length() : end + 2;
                out.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                marks++;
                if (!values.containsKey(marks)) {
                    throw new SQLException("parameter " + marks + " of the statement was not set", "07001");
                }
                out.append(literal(values.get(marks)));
                i++;
            } else {
                out.append(c);
                i++;
            }
        }
        int found = marks;
        if (values.keySet().stream().anyMatch(n -> n > found)) {
            throw new SQLException("the statement has " + found + " parameters, more were set", "07001");
        }
        return out.toString();
    }

    /** Past the closing quote of the literal starting at {@code start}: {@code ''} and a backslash escape inside. */
    private static int stringEnd(String sql, int start) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    static String literal(Object value) throws SQLException {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new SQLException("cannot send " + value + " through the Data API: not a finite number", "22003");
            }
            return value.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof Timestamp timestamp) {
            return "CAST('" + TIMESTAMP.format(timestamp.toLocalDateTime()) + "' AS TIMESTAMP)";
        }
        if (value instanceof java.sql.Date date) {
            return "CAST('" + date.toLocalDate() + "' AS DATE)";
        }
        throw new SQLException("the Data API connection takes no parameter of type " + value.getClass().getName(),
                "22023");
    }

    static String quote(String text) throws SQLException {
        if (text.indexOf('\0') >= 0) {
            throw new SQLException("a text value holds a NUL character, which Redshift cannot store", "22021");
        }
        return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
