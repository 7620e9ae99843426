package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run history on the embedded warehouse, reached through an external-style URL that carries a password: every
 * goal that changes the warehouse leaves one row, a success with what it wrote, a failure with its masked error.
 */
class RunHistoryTest {

    private static final String SECRET = "Hunter2-In-The-Url";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static Warehouse withPassword;
    static final SqlResources sql = new SqlResources();
    static List<StagingSource> sample;

    RecordingLog log = new RecordingLog();
    Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        String url;
        try (Connection connection = dw.warehouse.connect()) {
            url = connection.getMetaData().getURL();   // jdbc:postgresql://localhost:PORT/postgres?user=postgres
        }
        // The embedded server trusts local connections: any password logs in, and this one is in the URL.
        withPassword = Warehouses.open(new WarehouseSettings(url + (url.contains("?") ? "&" : "?") + "password="
                + SECRET, null, null, null), new RecordingLog());
        Path data = SampleData.udacitySmall();
        sample = List.of(
                new StagingSource("staging_events", data.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }

    @AfterAll
    static void stop() {
        withPassword.close();
        dw.close();
    }

    @BeforeEach
    void freshWarehouse() {
        pipeline = new Pipeline(withPassword, sql, log);
        pipeline.createTables(true); // drops the history too, then records its own run
    }

    @Test
    void successfulLoadStgAndInsertDwEachLeaveOneSuccessRow() {
        pipeline.loadStaging(sample);
        pipeline.insertDw();

        List<Map<String, String>> runs = runs();
        assertEquals(List.of("create-tables", "load-stg", "insert-dw"), column(runs, "goal"));
        assertEquals(List.of("success", "success", "success"), column(runs, "status"));
        int latest = sql.migrations(Dialect.POSTGRES).size();
        for (Map<String, String> run : runs) {
            assertEquals(System.getProperty("user.name"), run.get("run_by"));
            assertEquals(System.getProperty("sparkfy.pluginVersion"), run.get("plugin_version"));
            assertEquals(sql.schemaVersion(), run.get("sql_version"));
            assertEquals(String.valueOf(latest), run.get("schema_version"));
            assertNull(run.get("error"));
            assertTrue(run.get("finished").compareTo(run.get("started")) >= 0, run.toString());
        }
        Map<String, String> load = runs.get(1);
        assertEquals("101", load.get("files"), "30 event logs and 71 song files");
        assertEquals("0", load.get("rejections"));
        assertEquals(Map.of("staging_events", 8056L, "staging_songs", 71L), written(load.get("run_id")));
        assertEquals(List.of("staging_events", "staging_songs"), List.copyOf(written(load.get("run_id")).keySet()),
                "in the order the load wrote them");

        Map<String, String> insert = runs.get(2);
        assertNull(insert.get("files"));
        assertNull(insert.get("rejections"));
        Map<String, Long> star = new LinkedHashMap<>();
        for (String table : sql.declaration().starTables()) {
            star.put(table, dw.count(table)); // the first insert-dw: what it wrote is all there is
        }
        assertEquals(star, written(insert.get("run_id")));
        assertEquals(6820L, star.get("songplays"));
        assertTrue(written(runs.get(0).get("run_id")).isEmpty(), "create-tables writes no rows");
    }

    @Test
    void aFailingLoadLeavesStagingUnchangedAndOneFailedRowNamingTheFile() throws Exception {
        pipeline.loadStaging(sample);
        Map<String, Long> before = dw.counts();
        Path malformed = Path.of(getClass().getResource("/corpus/malformed-json/data").toURI());
        List<StagingSource> bad = List.of(new StagingSource("staging_events", malformed.toString(), CopyOptions.auto()),
                sample.get(1));

        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline.loadStaging(bad));
        assertTrue(e.getMessage().contains("a.json"), e.getMessage());
        assertEquals(before, dw.counts(), "staging keeps what it had");

        List<Map<String, String>> runs = runs();
        assertEquals(List.of("create-tables", "load-stg", "load-stg"), column(runs, "goal"));
        Map<String, String> failed = runs.get(2);
        assertEquals("failed", failed.get("status"));
        assertTrue(failed.get("error").contains("a.json, line 1, column 23: malformed JSON"), failed.get("error"));
        assertEquals(e.getMessage(), failed.get("error"), "the error the goal failed with");
        assertNull(failed.get("files"), "nothing of a failed load is counted");
        assertTrue(written(failed.get("run_id")).isEmpty(), "a failed run wrote nothing");
        assertEquals(sql.schemaVersion(), failed.get("sql_version"));
        assertNoSecret();
    }

    @Test
    void aFailedRunsErrorIsMasked() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> Pipeline.builder(log)
                .on(new Failing(withPassword, "cannot reach jdbc:postgresql://db.example.com/sparkfy?user=dw&password="
                        + SECRET + " from the loader", false)).loadStaging(sample));
        assertTrue(e.getMessage().contains(SECRET), "the test's failure carries the secret: " + e.getMessage());

        Map<String, String> failed = runs().get(1);
        assertEquals(List.of("load-stg", "failed"), List.of(failed.get("goal"), failed.get("status")));
        assertEquals("cannot reach jdbc:postgresql://db.example.com/sparkfy?user=dw&password=**** from the loader",
                failed.get("error"));
        assertNoSecret();
    }

    @Test
    void anUnreachableWarehouseRecordsNothingAndSaysSoAtDebug() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> Pipeline.builder(log)
                .on(new Failing(withPassword, "the network went away", true)).loadStaging(sample));
        assertEquals("the network went away", e.getMessage());
        assertEquals(List.of("create-tables"), column(runs(), "goal"));
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("DEBUG load-stg: the warehouse is unreachable, so the"
                + " failed run ") && l.contains("is not recorded in sparkfy_dw_runs")), log.text());
    }

    @Test
    void historyListsTheRunsNewestFirst() {
        pipeline.loadStaging(sample);
        pipeline.insertDw();
        QueryResult history = pipeline.history(2);
        assertEquals(RunHistory.HEADER, history.header());
        assertEquals(List.of("insert-dw", "load-stg"), history.rows().stream().map(r -> r.get(1)).toList());
        assertEquals("staging_events=8056 staging_songs=71", history.rows().get(1).get(5));
        assertEquals(3, pipeline.history(20).rows().size());
    }

    private static void assertNoSecret() {
        for (String table : List.of(RunHistory.RUNS, RunHistory.TABLES)) {
            for (Map<String, String> row : rows("SELECT * FROM " + table)) {
                assertFalse(row.toString().contains(SECRET), table + ": " + row);
            }
        }
    }

    /** The runs, oldest first. */
    private static List<Map<String, String>> runs() {
        return rows("SELECT * FROM sparkfy_dw_runs ORDER BY started");
    }

    /** table -> rows written, in the order the run wrote them. */
    private static Map<String, Long> written(String runId) {
        Map<String, Long> written = new LinkedHashMap<>();
        for (Map<String, String> row : rows("SELECT table_name, row_count FROM sparkfy_dw_run_tables WHERE run_id = '"
                + runId + "' ORDER BY position")) {
            written.put(row.get("table_name"), Long.parseLong(row.get("row_count")));
        }
        return written;
    }

    private static List<String> column(List<Map<String, String>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }

    private static List<Map<String, String>> rows(String query) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
            connection.rollback();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /**
     * The warehouse, with a staging loader that fails with {@code message}; with {@code goesDown}, no connection
     * can be made any more from the moment it fails (the lock's, taken before, stays).
     */
    private static final class Failing implements Warehouse {
        private final Warehouse warehouse;
        private final String message;
        private final boolean goesDown;
        private volatile boolean down;

        Failing(Warehouse warehouse, String message, boolean goesDown) {
            this.warehouse = warehouse;
            this.message = message;
            this.goesDown = goesDown;
        }

        @Override
        public Dialect dialect() {
            return warehouse.dialect();
        }

        @Override
        public String description() {
            return warehouse.description();
        }

        @Override
        public Connection connect() {
            if (down) {
                throw new SparkfyException("cannot connect to " + description() + ": Connection refused");
            }
            return warehouse.connect();
        }

        @Override
        public StagingLoader stagingLoader() {
            return new StagingLoader() {
                @Override
                public List<LoadStats> load(Connection connection, List<StagingSource> sources, LoadLedger ledger,
                                            Log log) {
                    down = goesDown;
                    throw new SparkfyException(message);
                }

                @Override
                public List<String> plan(StagingSource source, LoadLedger ledger) {
                    return List.of();
                }
            };
        }

        @Override
        public io.sparkfy.dw.target.FullBuild fullBuild() {
            return warehouse.fullBuild();
        }

        @Override
        public WarehouseLock lock(Duration timeout, String goal, Log log) {
            return warehouse.lock(timeout, goal, log);
        }

        @Override
        public void close() {
        }
    }
}
