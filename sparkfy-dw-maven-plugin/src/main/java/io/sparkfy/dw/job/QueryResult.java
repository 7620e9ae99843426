package io.sparkfy.dw.job;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as text, and their rendering as an aligned table (NULL shown as empty, as psql does). */
public record QueryResult(List<String> header, List<List<String>> rows, boolean truncated) {

    /** Reads at most {@code maxRows} rows of {@code rs}, as text; truncated if it holds more. */
    public static QueryResult read(ResultSet rs, int maxRows) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> header = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            header.add(meta.getColumnLabel(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (rs.next()) {
            if (rows.size() == maxRows) {
                return new QueryResult(header, rows, true);
            }
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= header.size(); i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return new QueryResult(header, rows, false);
    }

    public List<String> format() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i) == null ? 0 : row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        lines.add(rule.toString());
        for (List<String> row : rows) {
            lines.add(line(row, widths));
        }
        lines.add("(" + rows.size() + (rows.size() == 1 ? " row" : " rows")
                + (truncated ? ", more not shown: raise sparkfy.maxRows" : "") + ")");
        return lines;
    }

    private static String line(List<String> values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            String value = values.get(i) == null ? "" : values.get(i);
            line.append(i == 0 ? "" : " | ").append(value).append(" ".repeat(widths[i] - value.length()));
        }
        return line.toString().stripTrailing();
    }
}
