package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Goals that change one warehouse take turns; a wait has a limit and says so. */
class LockTest {

    @TempDir
    Path temp;

    @Test
    void twoConcurrentEtlsEqualOneRun() throws Exception {
        Path sample = SampleData.udacitySmall();
        List<StagingSource> sources = List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto()));
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            ExecutorService builds = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(builds.submit(() -> {
                    start.await();
                    Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
                    pipeline.loadStaging(sources);
                    pipeline.insertDw();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(120, TimeUnit.SECONDS);
            }
            builds.shutdown();
            assertEquals(8056, dw.count("staging_events"));
            assertEquals(6820, dw.count("songplays"));
            assertEquals(6820, dw.longValue("SELECT count(DISTINCT (start_time, user_id, session_id)) FROM songplays"));
            assertEquals(97, dw.count("users"));
            assertEquals(6813, dw.count("time"));
        }
    }

    @Test
    void aGoalWaitsForTheLockThenGivesUpAtItsTimeout() throws Exception {
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + 0x737061726b6679L + ")"); // another build's goal
                other.commit();
                RecordingLog log = new RecordingLog();
                Pipeline waiting = new Pipeline(dw.warehouse, new SqlResources(), log).lockTimeout(Duration.ofSeconds(1));
                long started = System.nanoTime();
                SparkfyException e = assertThrows(SparkfyException.class, waiting::insertDw);
                assertTrue(System.nanoTime() - started >= 1_000_000_000L, "it waited the timeout");
                assertEquals("insert-dw: another sparkfy-dw goal held the warehouse for longer than 1 s"
                        + " (sparkfy.lockTimeout); nothing was changed. Try again when it is done, or raise the"
                        + " timeout", e.getMessage());
                assertTrue(log.text().contains("INFO insert-dw: another sparkfy-dw goal is working on this warehouse;"
                        + " waiting for it (at most 1 s, sparkfy.lockTimeout)"), log.text());
                statement.execute("SELECT pg_advisory_unlock(" + 0x737061726b6679L + ")");
                other.commit();
            }
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).insertDw(); // free again
        }
    }
}
