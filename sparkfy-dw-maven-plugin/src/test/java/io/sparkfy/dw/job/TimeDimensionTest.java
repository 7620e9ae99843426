package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time dimension as each dialect's insert_dw computes it, against java.time's answer for every songplay's
 * start_time: the public sample plus plays on days where calendar and ISO weeks disagree. The Redshift dialect's
 * script runs through the Redshift driver and the start-up proxy on the embedded PostgreSQL, so this checks its SQL
 * with PostgreSQL's DATE_PART, whose fields (ISO week, dow with 0 = Sunday) Redshift documents alike.
 */
class TimeDimensionTest {

    private static final String EDGE_PLAYS = """
            INSERT INTO staging_events (page, ts, userid, sessionid, level) VALUES
                ('NextSong', '2018-12-31 23:59:59.999', 9001, 1, 'free'),
                ('NextSong', '2019-01-01 00:00:00', 9001, 2, 'free'),
                ('NextSong', '2021-01-03 12:00:00', 9001, 3, 'free'),
                ('NextSong', '2020-02-29 06:30:00', 9001, 4, 'free'),
                ('NextSong', '2016-01-01 00:00:00.001', 9001, 5, 'free'),
                ('NextSong', '2020-12-31 23:00:00', 9001, 6, 'free')""";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static RedshiftStartupProxy proxy;
    static final RecordingLog log = new RecordingLog();
    static final SqlResources sql = new SqlResources();

    @BeforeAll
    static void start() throws Exception {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        Pipeline pipeline = new Pipeline(dw.warehouse, sql, log);
        pipeline.createTables(true);
        Path sample = SampleData.udacitySmall();
        pipeline.loadStaging(List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())));
        dw.execute(EDGE_PLAYS);
        try (Connection connection = dw.warehouse.connect()) {
            int port = Integer.parseInt(connection.getMetaData().getURL().replaceAll(".*:(\\d+)/.*", "$1"));
            proxy = RedshiftStartupProxy.start("localhost", port);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        dw.close();
    }

    @BeforeEach
    void emptyTheStarSchema() {
        sql.declaration().starTables().forEach(table -> dw.execute("DELETE FROM " + table));
    }

    @Test
    void thePostgresTransformsBreakEveryStartTimeDownAsJavaTimeDoes() {
        historyAs(Dialect.POSTGRES);
        new Pipeline(dw.warehouse, sql, log).insertDw();
        assertTimeMatchesJava();
    }

    @Test
    void theRedshiftTransformsBreakEveryStartTimeDownAsJavaTimeDoes() {
        historyAs(Dialect.REDSHIFT); // the schema was deployed in the PostgreSQL dialect; Redshift's check reads this
        try (Warehouse redshift = Warehouses.open(new WarehouseSettings(proxy.jdbcUrl("postgres") + "?ssl=false",
                "postgres", null, null), log)) {
            assertEquals(Dialect.REDSHIFT, redshift.dialect());
            new Pipeline(redshift, sql, log).insertDw();
        }
        assertTimeMatchesJava();
    }

    private static void assertTimeMatchesJava() {
        Map<LocalDateTime, List<Integer>> expected = new TreeMap<>();
        for (List<Object> row : rows("SELECT start_time FROM songplays")) {
            LocalDateTime at = (LocalDateTime) row.get(0);
            expected.put(at, List.of(at.getHour(), at.getDayOfMonth(), at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR),
                    at.getMonthValue(), at.getYear(), at.getDayOfWeek().getValue() % 7));
        }
        Map<LocalDateTime, List<Integer>> actual = new TreeMap<>();
        for (List<Object> row : rows("SELECT start_time, hour, day, week, month, year, weekday FROM time")) {
            actual.put((LocalDateTime) row.get(0), row.subList(1, 7).stream().map(v -> (Integer) v).toList());
        }
        assertEquals(6813 + 6, expected.size(), "the sample's start times and the edge plays");
        assertTrue(expected.containsKey(LocalDateTime.of(2021, 1, 3, 12, 0)), "an edge play is missing");
        assertEquals(expected.keySet(), actual.keySet(), "one time row per songplay start_time, no other");
        // Only the rows that differ, as "start_time: expected / actual" for hour, day, week, month, year, weekday.
        List<String> wrong = expected.entrySet().stream().filter(e -> !e.getValue().equals(actual.get(e.getKey())))
                .map(e -> e.getKey() + ": " + e.getValue() + " / " + actual.get(e.getKey())).limit(10).toList();
        assertEquals(List.of(), wrong);
    }

    private static List<List<Object>> rows(String query) {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(query)) {
            List<List<Object>> rows = new java.util.ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new java.util.ArrayList<>();
                row.add(rs.getObject(1, LocalDateTime.class));
                for (int i = 2; i <= columns; i++) {
                    row.add(rs.getInt(i));
                }
                rows.add(row);
            }
            connection.rollback();
            return rows;
        } catch (java.sql.SQLException e) {
            throw new AssertionError(query + ": " + e.getMessage(), e);
        }
    }

    /** Makes the schema history carry the checksums of this dialect's migrations, as a deployment there would. */
    private static void historyAs(Dialect dialect) {
        for (Migration migration : sql.migrations(dialect)) {
            dw.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                    + " WHERE version = '" + migration.version() + "'");
        }
    }
}
