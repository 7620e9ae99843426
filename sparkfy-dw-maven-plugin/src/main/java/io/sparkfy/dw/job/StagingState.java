package io.sparkfy.dw.job;

import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each staging table holds and whether the star has it ({@code sparkfy_dw_staging_state}, V6): load-stg
 * records the load whose rows a table now holds, in its own transaction; insert-dw records that it merged them, in
 * its. A table a run merged already is, for the next insert-dw, as good as empty (merging the same rows again
 * changes nothing), so its steps can be left out. Plain SQL with bind parameters, which both targets run. A schema
 * without the table records nothing, and every staging table then counts as new.
 */
final class StagingState {

    /** A staging table that holds what an earlier insert-dw merged: its load and that run. */
    record Merged(String table, String loadRunId, long rows, String mergedRunId, Timestamp mergedAt) {

        String describe() {
            return String.format("%s holds load %s (%,d rows), merged by insert-dw run %s at %s UTC", table, loadRunId,
                    rows, mergedRunId, mergedAt.toLocalDateTime().truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private final String table;

    /** {@code table} null: the schema keeps no staging state. */
    StagingState(String table) {
        this.table = table == null ? null : Identifiers.quote(table);
    }

    /** load-stg, in its transaction: each table it replaced now holds this load's rows, not merged yet. */
    void loaded(Connection connection, List<LoadStats> stats, String loadRunId) throws SQLException {
        if (table == null) {
            return;
        }
        for (LoadStats loaded : stats) {
            if (!loaded.changed()) {
                continue; // left as it was: what it holds, and whether that is merged, has not changed
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table
                    + " WHERE table_name = ?")) {
                delete.setString(1, loaded.table());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (table_name,"
                    + " load_run_id, rows_loaded, loaded_at, merged_run_id, merged_at) VALUES (?, ?, ?, ?, NULL, NULL)")) {
                insert.setString(1, loaded.table());
                insert.setString(2, loadRunId);
                insert.setLong(3, loaded.rows());
                insert.setTimestamp(4, now());
                insert.executeUpdate();
            }
        }
    }

    /**
     * The staging tables (of {@code staging}) that hold what an earlier insert-dw merged: recorded as merged, and
     * still holding the row count their load stored (a table changed by hand since counts as new).
     */
    Map<String, Merged> merged(Connection connection, List<String> staging) throws SQLException {
        Map<String, Merged> merged = new LinkedHashMap<>();
        if (table == null) {
            return merged;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT table_name, load_run_id, rows_loaded,"
                + " merged_run_id, merged_at FROM " + table + " WHERE merged_run_id IS NOT NULL");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                if (staging.contains(rs.getString(1))) {
                    merged.put(rs.getString(1), new Merged(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getTimestamp(5)));
                }
            }
        }
        for (Merged m : List.copyOf(merged.values())) {
            if (Catalog.count(connection, m.table()) != m.rows()) {
                merged.remove(m.table());
            }
        }
        return merged;
    }

    /** insert-dw, in its transaction: every table's load not merged yet is merged by this run. */
    void mergedBy(Connection connection, String runId) throws SQLException {
        if (table == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table + " SET merged_run_id = ?,"
                + " merged_at = ? WHERE merged_run_id IS NULL")) {
            update.setString(1, runId);
            update.setTimestamp(2, now());
            update.executeUpdate();
        }
    }

    private static Timestamp now() {
        return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
    }
}
