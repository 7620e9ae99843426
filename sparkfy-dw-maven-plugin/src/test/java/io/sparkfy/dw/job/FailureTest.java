package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warehouse connection killed in the middle of a load and of a transform (pg_terminate_backend from a second
 * connection, as an operator or a failover would): the goal fails with a clear error, the warehouse holds exactly
 * what it held before, and the next run succeeds.
 */
class FailureTest {

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static List<StagingSource> small;
    static List<StagingSource> big;

    @BeforeAll
    static void start() throws Exception {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        small = sources(generate("small", 2_000));
        big = sources(generate("big", 400_000)); // long enough to be caught in the middle
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @Test
    void aConnectionKilledMidLoadLeavesStagingAsItWas() throws Exception {
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
        pipeline.createTables(true);
        pipeline.loadStaging(small);
        Map<String, Long> before = dw.counts();

        CompletableFuture<?> load = CompletableFuture.runAsync(() -> pipeline.loadStaging(big));
        terminateBackendRunning("COPY \"staging_events\"");
        Throwable failure = failureOf(load);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("staging_events: the load failed in the database: "),
                failure.getMessage());
        assertEquals(before, dw.counts(), "nothing of the killed load is visible");

        pipeline.loadStaging(small); // the next run succeeds
        assertEquals(before, dw.counts());
    }

    @Test
    void aConnectionKilledMidTransformLeavesTheStarSchemaAsItWas() throws Exception {
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
        pipeline.createTables(true);
        pipeline.loadStaging(small);
        pipeline.insertDw();
        Map<String, Long> before = dw.counts();
        pipeline.loadStaging(big);
        Map<String, Long> staged = dw.counts();

        CompletableFuture<?> transform = CompletableFuture.runAsync(pipeline::insertDw);
        terminateBackendRunning("INSERT INTO songplays");
        Throwable failure = failureOf(transform);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("insert-dw failed, nothing was changed: "), failure.getMessage());
        for (String table : List.of("songplays", "users", "songs", "artists", "time")) {
            assertEquals(before.get(table), staged.get(table), table);
            assertEquals(before.get(table), dw.counts().get(table),
                    table + ": nothing of the killed transform");
        }

        pipeline.insertDw(); // the next run succeeds and adds the new plays
        assertTrue(dw.counts().get("songplays") > before.get("songplays"));
    }

    /** Waits until a backend runs a statement starting with {@code prefix}, then terminates it. */
    private static void terminateBackendRunning(String prefix) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection admin = dw.warehouse.connect(); Statement statement = admin.createStatement()) {
            admin.setAutoCommit(true);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE '" + prefix.replace("'", "''") + "%' AND pid <> pg_backend_pid()")) {
                    if (rs.next()) {
                        int pid = rs.getInt(1);
                        Thread.sleep(150); // well inside the statement
                        statement.execute("SELECT pg_terminate_backend(" + pid + ")");
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("no backend ran " + prefix + " within 60 s");
    }

    private static Throwable failureOf(CompletableFuture<?> run) {
        try {
            run.get(120, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Path generate(String name, long events) throws Exception {
        Path data = temp.resolve(name);
        new DataGenerator(new DataGenerator.Settings(11, 500, events, data), line -> { }).generate();
        return data;
    }

    private static List<StagingSource> sources(Path data) {
        return List.of(
                new StagingSource("staging_events", data.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }
}
