package io.sparkfy.dw.target.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redshift target's Java code run for real: the Amazon Redshift JDBC driver, through a proxy that strips the
 * start-up parameters PostgreSQL refuses, against the embedded PostgreSQL. The Redshift dialect's transforms are
 * plain SQL PostgreSQL also runs, so they are checked on the public sample; Redshift-only SQL (COPY ... IAM_ROLE,
 * DISTSTYLE) reaches the server as text and is refused there, which exercises the error and rollback paths.
 */
class RedshiftTargetTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/dwhRole";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static RedshiftStartupProxy proxy;
    static RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() throws Exception {
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        // Staging is loaded the embedded way: this PostgreSQL cannot run Redshift's COPY from S3.
        Pipeline local = new Pipeline(postgres.warehouse, new SqlResources(), log);
        local.createTables(true);
        Path sample = SampleData.udacitySmall();
        local.loadStaging(List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())));
        // The schema was deployed in the PostgreSQL dialect (Redshift DDL does not run here); its history is made
        // to say what a Redshift deployment would, so the Redshift target's version check passes as it would there.
        for (Migration migration : new SqlResources().migrations(Dialect.REDSHIFT)) {
            postgres.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                    + " WHERE version = '" + migration.version() + "'");
        }
        try (Connection connection = postgres.warehouse.connect()) {
            String url = connection.getMetaData().getURL();
            int port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1"));
            proxy = RedshiftStartupProxy.start("localhost", port);
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

    @Test
    void theRedshiftTransformsGiveTheFoundationCountsAndAreIdempotent() {
        try (Warehouse warehouse = redshift()) {
            assertTrue(warehouse instanceof RedshiftWarehouse);
            Pipeline pipeline = new Pipeline(warehouse, new SqlResources(), log);
            int from = log.lines.size();
            pipeline.insertDw(); // into the empty star: the fast full build, in one session
            assertTrue(log.lines.subList(from, log.lines.size()).contains("INFO insert-dw: the star is empty:"
                    + " building it whole from staging (the fast full build)"), log.text());
            pipeline.insertDw();
        }
        assertEquals(6820, postgres.count("songplays"));
        assertEquals(1, postgres.count("songplays WHERE song_id = 'SOZCTXZ12AB0182364'"
                + " AND artist_id = 'AR5KOSW1187FB35FF4' AND user_id = 15"));
        assertEquals(97, postgres.count("users"));
        assertEquals(71, postgres.count("songs"));
        assertEquals(69, postgres.count("artists"));
        assertEquals(6813, postgres.count("time"));
        // users come from each user's latest event, as in the PostgreSQL dialect
        assertEquals(0, postgres.count("users u WHERE u.level <> (SELECT e.level FROM staging_events e"
                + " WHERE e.userid = u.user_id ORDER BY e.ts DESC LIMIT 1)"));
    }

    @Test
    void aFailedCopyLeavesStagingAsItWas() {
        List<StagingSource> s3 = List.of(new StagingSource("staging_events", "s3://udacity-dend/log_data",
                CopyOptions.builder().json(JsonFormat.parse("s3://udacity-dend/log_json_path.json"))
                        .timeFormat(TimeFormat.EPOCHMILLISECS).iamRole(ROLE).build()));
        SparkfyException e;
        try (Warehouse warehouse = redshift()) {
            e = assertThrows(SparkfyException.class,
                    () -> new Pipeline(warehouse, new SqlResources(), log).loadStaging(s3));
        }
        // The COPY text went through the driver to the server, which is no Redshift: it stops at IAM_ROLE.
        assertTrue(e.getMessage().startsWith("staging_events: the COPY failed on Redshift, staging is unchanged"),
                e.getMessage());
        assertTrue(e.getMessage().contains("syntax error at or near \"IAM_ROLE\""), e.getMessage());
        assertEquals(8056, postgres.count("staging_events"), "the DELETE before the COPY was rolled back");
    }

    @Test
    void tlsIsOnUnlessTheUrlTurnsItOff() {
        RedshiftWarehouse secure = (RedshiftWarehouse) Warehouses.open(new WarehouseSettings(
                "jdbc:redshift://c.abc.us-west-2.redshift.amazonaws.com:5439/dev", "u", "p", null), log);
        assertEquals("true", secure.properties().getProperty("ssl"));
        RedshiftWarehouse plain = (RedshiftWarehouse) Warehouses.open(new WarehouseSettings(
                "jdbc:redshift://localhost:5439/dev?ssl=false", "u", "p", null), log);
        assertNull(plain.properties().getProperty("ssl"));
    }

    @Test
    void aDryRunPrintsEveryStatementAndConnectsToNothing() {
        RecordingLog dry = new RecordingLog();
        Pipeline pipeline = Pipeline.builder(dry).dryRun(true).open(new WarehouseSettings(
                "jdbc:redshift://nowhere.invalid:5439/dev", "u", "secret-pw", null));
        pipeline.createTables(true);
        pipeline.loadStaging(List.of(new StagingSource("staging_songs", "s3://udacity-dend/song_data",
                CopyOptions.builder().iamRole(ROLE).build())));
        pipeline.insertDw();
        String out = dry.text();
        assertTrue(out.contains("INFO DROP TABLE IF EXISTS staging_events;"), out);
        assertTrue(out.contains("INFO DISTSTYLE KEY DISTKEY (start_time) SORTKEY (start_time);"), out);
        assertTrue(out.contains("INFO DELETE FROM \"staging_songs\";\nINFO COPY \"staging_songs\"\n"
                + "INFO FROM 's3://udacity-dend/song_data'\nINFO IAM_ROLE '" + ROLE + "'\n"
                + "INFO FORMAT AS JSON 'auto'\nINFO TIMEFORMAT 'auto';"), out);
        assertTrue(out.contains("INFO DELETE FROM users"), out);
        // insert-dw's fast full build on Redshift: its scripts in the goal's one transaction, into the star's tables
        assertTrue(out.contains("INFO -- fast full build, in the goal's own transaction, straight into the empty star"
                + " tables (one session; no keys to build, no swap)\nINFO BEGIN;\nINFO -- fast_build_plays: songs,"
                + " artists, songplays, songplays_unmatched\nINFO INSERT INTO songs"), out);
        assertTrue(out.contains("INFO -- fast_build_users: time, user_levels, users, users_history\n"
                + "INFO INSERT INTO time"), out);
        assertTrue(out.contains("INFO -- or, into a star that holds rows: the merge, in the goal's transaction\n"
                + "INFO BEGIN;\nINFO UPDATE songs SET"), out);
        assertFalse(out.contains("secret-pw"));
    }
}
