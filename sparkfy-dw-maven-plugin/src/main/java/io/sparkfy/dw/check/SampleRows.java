package io.sparkfy.dw.check;

import java.util.ArrayList;
import java.util.List;

/** The first failing rows of a check, as text (NULL as empty), and their rendering as an aligned table. */
public record SampleRows(List<String> columns, List<List<String>> rows) {

    public static final SampleRows NONE = new SampleRows(List.of(), List.of());

    public SampleRows {
        columns = List.copyOf(columns);
        rows = rows.stream().map(row -> java.util.Collections.unmodifiableList(new ArrayList<>(row))).toList();
    }

    /** Header, rule and rows, columns aligned, as the query goal prints them. */
    public List<String> lines() {
        if (rows.isEmpty()) {
            return List.of();
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = columns.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], text(row.get(i)).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(columns, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        lines.add(rule.toString());
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String value = text(values.get(i));
            line.append(i == 0 ? "" : " | ").append(value).append(" ".repeat(widths[i] - value.length()));
        }
        return line.toString().stripTrailing();
    }

    /** A value on one line: NULL as empty, line breaks as spaces (a row is one log line). */
    private static String text(String value) {
        return value == null ? "" : value.replaceAll("\\s*\\R\\s*", " ");
    }
}
