package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.S3Options;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.testing.Backends;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.HeldFile;
import io.sparkfy.dw.testing.ListedSource;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
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
 * what it held before, and the next run succeeds. Each kill comes at a point the test holds in place, so the
 * statement cannot be over first: a COPY whose input stops halfway through its last file, and an insert-dw waiting
 * for a lock on time, the last table it writes.
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
        big = sources(generate("big", 100_000)); // more plays than small, and more than a COPY chunk of rows
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

        // The big data set's events, the last file of which stops halfway until the test lets it go on: the COPY
        // has the rows of the files before it and cannot end.
        List<SourceObject> files = new ArrayList<>(Sources.local().of(big.get(0).location(), null).list());
        HeldFile.Gate held = new HeldFile.Gate();
        files.add(new HeldFile(files.remove(files.size() - 1), held));
        Sources sources = new Sources(S3Options.defaults(),
                location -> location.equals(HELD) ? new ListedSource(HELD, files) : null);
        Warehouse holding = dw.through(sources, new RecordingLog());
        Pipeline killed = Pipeline.builder(new RecordingLog()).on(holding);
        StagingSource events = new StagingSource("staging_events", HELD, big.get(0).options());

        CompletableFuture<?> load = CompletableFuture.runAsync(() -> killed.loadStaging(List.of(events, big.get(1))));
        try {
            assertTrue(held.waiting.await(GUARD_SECONDS, TimeUnit.SECONDS), "the load never read the held file");
            // Rows are at the server, in the COPY that the held file keeps open.
            Backends.terminate(dw, Backends.where(dw, "SELECT pid FROM pg_stat_progress_copy"
                    + " WHERE relid = 'staging_events'::regclass"
                    + " AND tuples_processed > 0"));
        } finally {
            held.goOn.countDown(); // the rest of the file, for a COPY that is gone
        }
        Throwable failure = failureOf(load);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("staging_events: the load failed in the database: "),
                failure.getMessage());
        assertEquals(before, dw.counts(), "nothing of the killed load is visible");
        holding.close();

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

        // time is the last table insert-dw writes: while another session holds it, the transform waits there with
        // the four other tables written in its transaction.
        CompletableFuture<?> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("LOCK TABLE time IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(pipeline::insertDw);
            Backends.terminate(dw, Backends.where(dw, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO time%'"));
            other.rollback();
        }
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

    /** The location of the test's own events source, whose last file it holds. */
    private static final String HELD = "test:held-events";

    /** Only so that a broken build fails rather than hangs: on a working one every wait ends on its event at once. */
    private static final long GUARD_SECONDS = 120;

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
