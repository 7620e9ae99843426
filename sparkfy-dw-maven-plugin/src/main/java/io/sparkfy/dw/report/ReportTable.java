package io.sparkfy.dw.report;

import java.util.List;

/**
 * The result of one report query: column labels and rows of plain values (String, Long, Double, BigDecimal,
 * Boolean or null; dates and timestamps as ISO-8601 strings), and how long it took.
 */
record ReportTable(ReportQuery query, List<String> columns, List<List<Object>> rows, long millis) {

    int column(String label) {
        int index = columns.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException(query.resource() + " has no column " + label + ": " + columns);
        }
        return index;
    }

    /** A numeric cell as a long (0 for null). */
    static long asLong(Object value) {
        return value instanceof Number n ? n.longValue() : value == null ? 0 : Long.parseLong(value.toString());
    }

    /** A cell as display text ("" for null). */
    static String asText(Object value) {
        return value == null ? "" : value instanceof java.math.BigDecimal d ? d.toPlainString() : value.toString();
    }
}
