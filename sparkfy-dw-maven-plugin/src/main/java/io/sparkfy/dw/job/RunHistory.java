package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.target.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The run history ({@code sparkfy_dw_runs}, and the rows each run wrote per table in {@code sparkfy_dw_run_tables},
 * from migration V4): one row per run of a goal that changes the warehouse. A successful run is recorded in the
 * goal's own transaction, so the row commits with the work; a failed one after the rollback, in a short transaction
 * of its own. Plain SQL with bind parameters, which both targets run; error messages are masked
 * ({@link Secrets}). A schema without the tables (before V4) records nothing.
 */
final class RunHistory {

    static final String RUNS = "sparkfy_dw_runs";
    static final String TABLES = "sparkfy_dw_run_tables";
    static final String SUCCESS = "success";
    static final String FAILED = "failed";
    /** The error column's size: Redshift counts VARCHAR in bytes. */
    static final int ERROR_BYTES = 4096;
    static final String PLUGIN_VERSION = pluginVersion();

    static final List<String> HEADER = List.of("started (UTC)", "goal", "status", "time", "files", "rows",
            "rejected", "run by", "plugin", "sql", "schema", "run id", "error");

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String sqlVersion;
    private final int schemaVersion;
    private final Log log;

    RunHistory(String sqlVersion, int schemaVersion, Log log) {
        this.sqlVersion = sqlVersion;
        this.schemaVersion = schemaVersion;
        this.log = log;
    }

    /** A run of {@code goal} starting now; the job fills in what it did. */
    Run start(String goal) {
        return new Run(goal);
    }

    /** The last {@code limit} runs, newest first, as the history goal prints them. */
    QueryResult recent(Connection connection, int limit) throws SQLException {
        if (!Catalog.exists(connection, RUNS)) {
            throw new SparkfyException("the warehouse has no run history (no " + RUNS + ", schema version 4):"
                    + " deploy the schema with the create-tables goal first");
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT run_id, goal, started, finished, status,"
                + " run_by, plugin_version, sql_version, schema_version, files, rejections, error FROM " + RUNS
                + " ORDER BY started DESC, finished DESC, run_id")) {
            select.setMaxRows(limit);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    LocalDateTime started = rs.getTimestamp(3).toLocalDateTime();
                    LocalDateTime finished = rs.getTimestamp(4).toLocalDateTime();
                    List<String> row = new ArrayList<>(Collections.nCopies(HEADER.size(), (String) null));
                    row.set(0, SHOWN.format(started));
                    row.set(1, rs.getString(2));
                    row.set(2, rs.getString(5));
                    row.set(3, String.format("%.2f s", Duration.between(started, finished).toMillis() / 1e3));
                    row.set(4, rs.getString(10));
                    row.set(6, rs.getString(11));
                    row.set(7, rs.getString(6));
                    row.set(8, rs.getString(7));
                    row.set(9, rs.getString(8));
                    row.set(10, rs.getString(9));
                    row.set(11, rs.getString(1));
                    row.set(12, rs.getString(12) == null ? null : rs.getString(12).replaceAll("\\s*\\R\\s*", " "));
                    rows.add(row);
                }
            }
        }
        Map<String, String> written = written(connection, ids);
        for (List<String> row : rows) {
            row.set(5, written.get(row.get(11)));
        }
        return new QueryResult(HEADER, rows, false);
    }

    /** run id -> "table=rows table=rows", in the order the run wrote them. */
    private static Map<String, String> written(Connection connection, List<String> ids) throws SQLException {
        Map<String, String> written = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return written;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT run_id, table_name, row_count FROM "
                + TABLES + " WHERE run_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")"
                + " ORDER BY run_id, position")) {
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    written.merge(rs.getString(1), rs.getString(2) + "=" + rs.getLong(3), (a, b) -> a + " " + b);
                }
            }
        }
        return written;
    }

    private static String pluginVersion() {
        try (InputStream in = RunHistory.class.getResourceAsStream("plugin.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return properties.getProperty("version", "unknown").strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A masked message, cut to what the column holds. */
    static String error(Throwable failure) {
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        String masked = Secrets.mask(message);
        if (masked.getBytes(StandardCharsets.UTF_8).length <= ERROR_BYTES) {
            return masked;
        }
        int end = Math.min(masked.length(), ERROR_BYTES);
        while (masked.substring(0, end).getBytes(StandardCharsets.UTF_8).length > ERROR_BYTES - 3) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(masked.charAt(end - 1))) {
            end--;
        }
        return masked.substring(0, end) + "...";
    }

    private static Timestamp utc(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** One run of a goal: what it did, filled in by the job as it goes. */
    final class Run {

        private final String id = UUID.randomUUID().toString();
        private final String goal;
        private final Instant started = Instant.now();
        private final Map<String, LongSupplier> rows = new LinkedHashMap<>();
        private Supplier<List<LoadStats>> loaded;
        private Integer files;
        private Long rejections;
        /** Whether the warehouse keeps run history, read by {@link #prepare} before the work; null: not read. */
        private Boolean kept;

        private Run(String goal) {
            this.goal = goal;
        }

        String id() {
            return id;
        }

        String goal() {
            return goal;
        }

        /**
         * Reads, before the work writes anything, whether the warehouse keeps run history: a warehouse that batches
         * a transaction's writes cannot read after them.
         */
        void prepare(Connection connection) throws SQLException {
            kept = Catalog.exists(connection, RUNS);
        }

        /** A staging load's tables: their rows, and files and rejections where the target counted them. */
        void loaded(List<LoadStats> stats) {
            loaded(() -> stats);
        }

        /** As {@link #loaded(List)}, the summaries asked for when the run is recorded (after a batch's commit). */
        void loaded(Supplier<List<LoadStats>> stats) {
            this.loaded = stats;
        }

        /** Rows the run wrote into a table (added up when it writes the table twice). */
        void wrote(String table, long count) {
            wrote(table, () -> count);
        }

        /** As {@link #wrote(String, long)}, the count asked for when the run is recorded. */
        void wrote(String table, LongSupplier count) {
            rows.merge(table, count, (a, b) -> () -> a.getAsLong() + b.getAsLong());
        }

        /** The rows per table, the load's included, and its files and rejections: as of now. */
        private Map<String, Long> counted() {
            Map<String, Long> counts = new LinkedHashMap<>();
            files = null;
            rejections = null;
            if (loaded != null) {
                List<LoadStats> stats = loaded.get();
                stats.forEach(s -> counts.merge(s.table(), s.rows(), Long::sum));
                files = stats.isEmpty() || stats.stream().anyMatch(s -> s.files() < 0) ? null
                        : stats.stream().mapToInt(LoadStats::files).sum();
                rejections = stats.isEmpty() || stats.stream().anyMatch(s -> s.rejected() < 0) ? null
                        : stats.stream().mapToLong(LoadStats::rejected).sum();
            }
            rows.forEach((table, count) -> counts.merge(table, count.getAsLong(), Long::sum));
            return counts;
        }

        /**
         * Records the run as a success, in the caller's transaction, so that it commits with the work. Returns
         * false, recording nothing, when the warehouse keeps no run history.
         */
        boolean succeeded(Connection connection) throws SQLException {
            return insert(connection, SUCCESS, null);
        }

        /**
         * Records the run as failed, after its work was rolled back: in a short transaction of its own, on a new
         * connection (the work's may be gone). Never throws: a failure to record is said at debug, and the goal
         * fails with its own error.
         */
        void failed(Supplier<Connection> connections, Throwable failure) {
            String error = error(failure);
            try (Connection connection = connections.get()) {
                try {
                    if (insert(connection, FAILED, error)) {
                        connection.commit();
                    }
                } catch (SQLException | RuntimeException e) {
                    rollback(connection);
                    log.debug(goal + ": the failed run " + id + " could not be recorded in " + RUNS + ": "
                            + Secrets.mask(e.getMessage()));
                }
            } catch (SQLException | RuntimeException e) {
                log.debug(goal + ": the warehouse is unreachable, so the failed run " + id + " is not recorded in "
                        + RUNS + ": " + Secrets.mask(e.getMessage()));
            }
        }

        private boolean insert(Connection connection, String status, String error) throws SQLException {
            boolean success = SUCCESS.equals(status);
            if (!(success && kept != null ? kept : Catalog.exists(connection, RUNS))) {
                log.debug(goal + ": the warehouse has no " + RUNS + " (a schema before version 4): run " + id
                        + " is not recorded");
                return false;
            }
            Map<String, Long> rows = success ? counted() : Map.of();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + RUNS + " (run_id, goal,"
                    + " started, finished, status, run_by, plugin_version, sql_version, schema_version, files,"
                    + " rejections, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, goal);
                insert.setTimestamp(3, utc(started));
                insert.setTimestamp(4, utc(Instant.now()));
                insert.setString(5, status);
                insert.setString(6, System.getProperty("user.name"));
                insert.setString(7, PLUGIN_VERSION);
                insert.setString(8, sqlVersion);
                insert.setInt(9, schemaVersion);
                if (success && files != null) {
                    insert.setInt(10, files);
                } else {
                    insert.setNull(10, Types.INTEGER);
                }
                if (success && rejections != null) {
                    insert.setLong(11, rejections);
                } else {
                    insert.setNull(11, Types.BIGINT);
                }
                insert.setString(12, error);
                insert.executeUpdate();
            }
            if (success && !rows.isEmpty()) { // a failed run wrote nothing: its work was rolled back
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLES
                        + " (run_id, position, table_name, row_count) VALUES (?, ?, ?, ?)")) {
                    int position = 0;
                    for (Map.Entry<String, Long> table : rows.entrySet()) {
                        insert.setString(1, id);
                        insert.setInt(2, ++position);
                        insert.setString(3, table.getKey());
                        insert.setLong(4, table.getValue());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            log.debug(goal + ": run " + id + " recorded in " + RUNS + " (" + status + ")");
            return true;
        }

        private void rollback(Connection connection) {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // the connection is gone: the server rolls back on its own
            }
        }
    }
}
