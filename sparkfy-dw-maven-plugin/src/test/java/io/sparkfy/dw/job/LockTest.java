package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
    void aWaitingGoalGoesOnOnlyOnceTheOtherLetsGo() throws Exception {
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")"); // another build's goal
                other.commit();
                long otherPid = holders(dw).get(0);
                List<String> events = Collections.synchronizedList(new ArrayList<>());
                List<Long> holdersWhenGoingOn = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch waiting = new CountDownLatch(1);
                RecordingLog lines = new RecordingLog();
                Log log = new Log() {
                    @Override
                    public void info(String message) {
                        lines.info(message);
                        if (message.startsWith("insert-dw: another sparkfy-dw goal is working on this warehouse")) {
                            events.add("the goal waits");
                            waiting.countDown();
                        } else if (message.equals("insert-dw: the warehouse is free, going on")) {
                            holdersWhenGoingOn.addAll(holders(dw)); // who holds the lock as the goal goes on
                            events.add("the goal goes on");
                        }
                    }

                    @Override
                    public void warn(String message) {
                        lines.warn(message);
                    }

                    @Override
                    public void debug(String message) {
                        lines.debug(message);
                    }
                };
                CompletableFuture<Void> goal = CompletableFuture.runAsync(
                        () -> new Pipeline(dw.warehouse, new SqlResources(), log).insertDw());
                assertTrue(waiting.await(GUARD_SECONDS, TimeUnit.SECONDS), "the goal never said it waits: " + lines.text());
                events.add("the other lets go");
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                other.commit();
                goal.get(GUARD_SECONDS, TimeUnit.SECONDS);

                assertEquals(1, holdersWhenGoingOn.size(), "as the goal went on, the lock was held by "
                        + holdersWhenGoingOn + " (the other goal is " + otherPid + ")");
                assertNotEquals(otherPid, (long) holdersWhenGoingOn.get(0), "the goal went on beside the other");
                assertEquals(List.of("the goal waits", "the other lets go", "the goal goes on"), events);
                assertTrue(holders(dw).isEmpty(), "the goal released the lock when done");
            }
        }
    }

    @Test
    void aGoalWaitsForTheLockThenGivesUpAtItsTimeout() throws Exception {
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(false);
            try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")"); // another build's goal
                other.commit();
                List<Long> holder = holders(dw);
                RecordingLog log = new RecordingLog();
                Pipeline waiting = Pipeline.builder(log).lockTimeout(Duration.ofSeconds(1)).on(dw.warehouse);
                SparkfyException e = assertThrows(SparkfyException.class, waiting::insertDw);
                assertEquals("insert-dw: another sparkfy-dw goal held the warehouse for longer than 1 s"
                        + " (sparkfy.lockTimeout); nothing was changed. Try again when it is done, or raise the"
                        + " timeout", e.getMessage());
                // It said it waits, never that it went on, and gave up with the other goal still holding the lock.
                assertEquals(List.of("INFO insert-dw: another sparkfy-dw goal is working on this warehouse;"
                        + " waiting for it (at most 1 s, sparkfy.lockTimeout)"), log.lines.stream()
                        .filter(l -> !l.startsWith("DEBUG ")).toList(), log.text());
                assertTrue(log.lines.contains("DEBUG insert-dw: did not start, so no run is recorded in sparkfy_dw_runs: "
                        + e.getMessage()), log.text());
                assertEquals(holder, holders(dw));
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                other.commit();
            }
            new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).insertDw(); // free again
        }
    }

    /** The warehouse lock's key: "sparkfy" as a number, as PostgresWarehouse takes it. */
    private static final long LOCK_KEY = 0x737061726b6679L;

    /** Only so that a broken build fails rather than hangs: on a working one each wait ends on its event at once. */
    private static final long GUARD_SECONDS = 120;

    /** The sessions (pids) holding the warehouse lock now, seen from a connection of its own. */
    private static List<Long> holders(EmbeddedWarehouse dw) {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                     + " AND ((classid::bigint << 32) | objid::bigint) = " + LOCK_KEY + " ORDER BY pid")) {
            List<Long> pids = new ArrayList<>();
            while (rs.next()) {
                pids.add(rs.getLong(1));
            }
            connection.rollback();
            return pids;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
