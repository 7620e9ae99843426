package io.sparkfy.dw.check;

import java.util.List;

/**
 * The last check run as {@code check-results.json} records it, for the report: when, on which warehouse, the
 * counts, and one row per check (name, status, failing rows, severity, description).
 */
public record LastChecks(String generated, String warehouse, String counts, List<Row> rows) {

    public record Row(String name, String status, long failingRows, String kind, String description) {
    }
}
