package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema history, migrations and version pinning, Flyway-style, on the embedded warehouse. */
class MigrationTest {

    @TempDir
    Path temp;
    EmbeddedWarehouse dw;
    RecordingLog log = new RecordingLog();
    Pipeline pipeline;
    final SqlResources sql = new SqlResources();
    final List<Migration> migrations = sql.migrations(Dialect.POSTGRES);

    @BeforeEach
    void start() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, sql, log);
    }

    @AfterEach
    void stop() {
        dw.close();
    }

    @Test
    void anEmptyWarehouseGetsEveryMigrationOnceAndInfoShowsThem() {
        pipeline.createTables(false);
        pipeline.createTables(false);
        assertEquals(applied(":true"), dw.string("SELECT string_agg(version || ':'"
                + " || description || ':' || success, ',' ORDER BY installed_rank) FROM sparkfy_dw_schema_history"));
        assertEquals(3, dw.count("information_schema.columns WHERE table_name = 'songplays'"
                + " AND column_name IN ('browser', 'os', 'device')"));
        assertTrue(log.text().contains("schema is up to date at version " + latest()), log.text());
        List<String> info = pipeline.info().format();
        assertTrue(info.get(2).matches("1 +\\| create tables +\\| V1__create_tables\\.sql +\\| Success .*"), info.get(2));
        assertTrue(info.get(3).matches("2 +\\| songplays user agent .*\\| Success .*"), info.get(3));
    }

    @Test
    void anOlderWarehouseGetsOnlyWhatIsPendingAndTheBackfill() {
        new Migrator(migrations.subList(0, 1), "old", log).migrate(dw.warehouse::connect, "test");
        dw.execute("INSERT INTO songplays (start_time, user_id, session_id, user_agent) VALUES"
                + " ('2018-11-01 00:00:00', 1, 1, '\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X)"
                + " AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"'),"
                + " ('2018-11-01 00:00:01', 2, 1, '\"Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101"
                + " Firefox/31.0\"'), ('2018-11-01 00:00:02', 3, 1, NULL)");
        SparkfyException stale = assertThrows(SparkfyException.class, pipeline::insertDw);
        assertEquals("the warehouse's schema is at version 1 but sparkfy-dw-sql " + sql.schemaVersion()
                + " pins version " + latest() + ": deploy it with the create-tables goal, or pin the sparkfy-dw-sql version the"
                + " warehouse has as a dependency of the plugin", stale.getMessage());

        pipeline.createTables(false);
        assertEquals("Safari/iOS/mobile,Firefox/Windows/desktop,//", dw.string("SELECT string_agg(coalesce(browser, '')"
                + " || '/' || coalesce(os, '') || '/' || coalesce(device, ''), ',' ORDER BY start_time) FROM songplays"));
        assertEquals(latest(), dw.count("sparkfy_dw_schema_history"));
        assertTrue(log.text().contains("migrated to version 2 (songplays user agent)"), log.text());
    }

    @Test
    void theV2BackfillAndInsertDwAgreeOnThePublicSample() {
        pipeline.createTables(false);
        Path sample = SampleData.udacitySmall();
        pipeline.loadStaging(List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto())));
        pipeline.insertDw();
        assertEquals(0, dw.count("songplays WHERE user_agent IS NOT NULL AND (browser IS NULL OR os IS NULL"
                + " OR device IS NULL)"));
        String filled = dw.string("SELECT md5(string_agg(browser || os || device, ',' ORDER BY songplay_id))"
                + " FROM songplays");
        for (SqlStatement statement : migrations.get(1).statements()) {
            if (statement.sql().startsWith("UPDATE")) {
                dw.execute(statement.sql());
            }
        }
        assertEquals(filled, dw.string("SELECT md5(string_agg(browser || os || device, ',' ORDER BY songplay_id))"
                + " FROM songplays"), "the migration's backfill computes what insert-dw wrote");
        assertTrue(dw.count("songplays WHERE browser = 'Firefox'") > 0 && dw.count("songplays WHERE os = 'macOS'") > 0);
    }

    @Test
    void anEditedScriptIsRefusedByItsChecksum() {
        pipeline.createTables(false);
        dw.execute("UPDATE sparkfy_dw_schema_history SET checksum = checksum + 1 WHERE version = '2'");
        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline.createTables(false));
        assertTrue(e.getMessage().startsWith("migration V2__songplays_user_agent.sql was changed after it was applied"
                + " (checksum "), e.getMessage());
        assertThrows(SparkfyException.class, pipeline::insertDw);
    }

    @Test
    void aNewerWarehouseAndNoSchemaAreRefusedWithTheFix() {
        SparkfyException none = assertThrows(SparkfyException.class, pipeline::insertDw);
        assertTrue(none.getMessage().contains("no sparkfy-dw schema") && none.getMessage().contains("create-tables"));
        pipeline.createTables(false);
        int next = latest() + 1;
        dw.execute("INSERT INTO sparkfy_dw_schema_history VALUES (" + next + ", '" + next + "', 'from the future',"
                + " 'V" + next + "__x.sql', 1, 'x', now(), 1, true)");
        SparkfyException newer = assertThrows(SparkfyException.class, pipeline::insertDw);
        assertTrue(newer.getMessage().contains("at version " + next + ", newer than sparkfy-dw-sql"), newer.getMessage());
    }

    @Test
    void tablesFromBeforeHistoryAreTakenAsVersionOne() {
        for (SqlStatement statement : migrations.get(0).statements()) {
            dw.execute(statement.sql());
        }
        pipeline.createTables(false);
        assertEquals(applied("").replace("1:create tables", "1:<< baseline: the tables existed >>"), dw.string("SELECT string_agg("
                + "version || ':' || description, ',' ORDER BY installed_rank) FROM sparkfy_dw_schema_history"));
    }

    @Test
    void aFailingMigrationRollsBackAndLeavesTheVersion() {
        pipeline.createTables(false);
        List<Migration> withBroken = new ArrayList<>(migrations);
        String broken = "V" + (latest() + 1) + "__broken.sql";
        withBroken.add(new Migration(latest() + 1, "broken", broken, 3, List.of(
                new SqlStatement(broken, 1, "CREATE TABLE half_done (x INTEGER)"),
                new SqlStatement(broken, 2, "ALTER TABLE no_such_table ADD COLUMN y INTEGER"))));
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> new Migrator(withBroken, "next", log).migrate(dw.warehouse::connect, "test"));
        assertTrue(e.getMessage().startsWith("migration " + broken + " failed and was rolled back; the schema stays at"
                + " version " + latest()), e.getMessage());
        assertEquals(0, dw.count("information_schema.tables WHERE table_name = 'half_done'"));
        assertEquals(latest(), dw.count("sparkfy_dw_schema_history"));
    }

    /** The artifact's latest migration: the version a deployed warehouse is at. */
    private int latest() {
        return migrations.get(migrations.size() - 1).version();
    }

    /** "1:create tables{suffix},2:songplays user agent{suffix},...": every migration of the artifact, in order. */
    private String applied(String suffix) {
        return String.join(",", migrations.stream().map(m -> m.version() + ":" + m.description() + suffix).toList());
    }
}
