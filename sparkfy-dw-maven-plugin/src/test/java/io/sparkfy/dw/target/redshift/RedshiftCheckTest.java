package io.sparkfy.dw.target.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckReport;
import io.sparkfy.dw.check.CheckResult;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.check.CheckStatus;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import io.sparkfy.dw.testing.SampleData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check goal on the Redshift target: the Redshift dialect's checks sent through the Amazon Redshift JDBC driver
 * (and the start-up proxy) to the embedded PostgreSQL holding the public sample, in the driver's read-only
 * transaction. Every shipped check is plain SQL both run, so all of them run here for real; what reaches a cluster
 * is pinned as golden text (the dry run), since no cluster is at hand to run it.
 */
class RedshiftCheckTest {

    static final Clock MORNING_AFTER = Clock.fixed(Instant.parse("2018-12-01T06:00:00Z"), ZoneOffset.UTC);
    static final String GOLDEN = "golden/check-redshift-dry-run.txt";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static RedshiftStartupProxy proxy;
    static RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() throws Exception {
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        Pipeline local = new Pipeline(postgres.warehouse, new SqlResources(), log);
        local.createTables(true);
        Path sample = SampleData.udacitySmall();
        local.loadStaging(List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())));
        postgres.execute("UPDATE sparkfy_dw_loaded_files SET loaded_at = '2018-12-01 05:30:00'");
        try (Connection connection = postgres.warehouse.connect()) {
            String url = connection.getMetaData().getURL();
            proxy = RedshiftStartupProxy.start("localhost", Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1")));
        }
        try (Warehouse redshift = redshift()) {
            // The Redshift dialect's transforms fill the star, as on a cluster (they run on PostgreSQL too).
            for (var migration : new SqlResources().migrations(Dialect.REDSHIFT)) {
                postgres.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                        + " WHERE version = '" + migration.version() + "'");
            }
            new Pipeline(redshift, new SqlResources(), log).insertDw();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        postgres.close();
    }

    private static Warehouse redshift() {
        return Warehouses.open(new WarehouseSettings(proxy.jdbcUrl("postgres") + "?ssl=false", "postgres", null,
                null), log);
    }

    private static CheckReport check(CheckSettings.Builder settings) {
        try (Warehouse warehouse = redshift()) {
            assertTrue(warehouse instanceof RedshiftWarehouse);
            return new Pipeline(warehouse, new SqlResources(), new RecordingLog()).check(settings.clock(MORNING_AFTER)
                    .build());
        }
    }

    @Test
    void everyShippedCheckPassesOnACleanLoadThroughTheRedshiftDriver() {
        CheckReport clean = check(CheckSettings.builder());
        assertEquals(22, clean.results().size());
        for (CheckResult result : clean.results()) {
            assertEquals(CheckStatus.PASSED, result.status(), result.check().name() + ": " + result.message());
            assertTrue(result.check().origin().startsWith("sparkfy-dw/"), result.check().origin());
        }
        assertTrue(clean.warehouse().startsWith("Amazon Redshift at jdbc:redshift://127.0.0.1:"), clean.warehouse());
    }

    @Test
    void aDuplicateKeyFailsWithTheSameRowsAsOnPostgres() {
        postgres.execute("ALTER TABLE songplays DROP CONSTRAINT songplays_event_key"); // Redshift enforces none
        postgres.execute("INSERT INTO songplays (start_time, user_id, level, session_id) SELECT start_time, user_id,"
                + " level, session_id FROM songplays WHERE user_id = 15 AND session_id = 818"
                + " AND start_time = '2018-11-21 21:56:47.796'");
        try {
            Path folder = temp.resolve("reports");
            SparkfyException failed = assertThrows(SparkfyException.class,
                    () -> check(CheckSettings.builder().reportsDirectory(folder)));
            assertTrue(failed.getMessage().startsWith("check: 1 of 22 checks failed: songplays_key_unique"
                    + " (1 failing row); see " + folder), failed.getMessage());
            CheckReport report = check(CheckSettings.builder().failOnError(false));
            CheckResult unique = report.results().get(0);
            assertEquals(CheckStatus.FAILED, unique.status());
            assertEquals(List.of(List.of("2018-11-21 21:56:47.796", "15", "818", "2")), unique.sample().rows());
            assertEquals(21, report.count(CheckStatus.PASSED));
        } finally {
            postgres.execute("DELETE FROM songplays WHERE songplay_id = (SELECT MAX(songplay_id) FROM songplays)");
            postgres.execute("ALTER TABLE songplays ADD CONSTRAINT songplays_event_key UNIQUE (start_time, user_id,"
                    + " session_id)");
        }
    }

    @Test
    void theDriversTransactionIsReadOnly(@TempDir Path project) throws IOException {
        Files.writeString(project.resolve("sneaky.sql"), "-- severity: warn\n-- description: deletes\n"
                + "WITH gone AS (DELETE FROM users RETURNING user_id) SELECT * FROM gone");
        Map<String, Long> before = postgres.counts();
        CheckReport report = check(CheckSettings.builder().checksDirectory(project).select(List.of("sneaky",
                "users_key_unique")).failOnError(false));
        assertEquals(CheckStatus.ERROR, report.results().get(1).status());
        assertTrue(report.results().get(1).detail().contains("in a read-only transaction"),
                report.results().get(1).detail());
        assertEquals(CheckStatus.PASSED, report.results().get(0).status());
        assertEquals(before, postgres.counts());
    }

    /** What the goal sends a cluster, statement by statement: reviewed here when it changes. */
    @Test
    void theRedshiftDryRunIsTheGoldenText() throws IOException {
        RecordingLog dry = new RecordingLog();
        CheckReport report = Pipeline.builder(dry).dryRun(true).open(new WarehouseSettings(
                "jdbc:redshift://dwhcluster.abc123.us-west-2.redshift.amazonaws.com:5439/dwh", "u", "secret-pw", null))
                .check(CheckSettings.builder().build());
        assertTrue(report.dryRun());
        StringBuilder actual = new StringBuilder();
        dry.lines.forEach(line -> actual.append(line.replaceFirst("^INFO ", "")).append('\n'));
        String golden;
        try (InputStream in = RedshiftCheckTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            golden = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!golden.equals(actual.toString())) {
            Path written = Path.of("target", GOLDEN);
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual);
            assertEquals(golden, actual.toString(), "the Redshift check SQL changed: review " + written.toAbsolutePath()
                    + " and copy it over src/test/resources/" + GOLDEN);
        }
        assertFalse(actual.toString().contains("secret-pw"));
    }
}
