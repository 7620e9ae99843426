package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.testing.Backends;
import io.sparkfy.dw.testing.ChildBuild;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Signals;
import io.sparkfy.dw.testing.Waits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a build whose insert-dw merges a second load into a star that holds the first, while its last step
 * (users_history) waits on a lock another session holds: the goal says it was interrupted and that nothing changed,
 * and staging, the star and the run history hold what they held before. The same for the fast full build into an
 * empty star, whose sessions run on connections of their own.
 */
class InterruptedInsertDwTest {

    private static final String SAID = "insert-dw was interrupted (Ctrl-C, or the build was stopped): nothing was"
            + " changed, its transaction was rolled back";

    @TempDir
    Path temp;

    /**
     * The "build" of {@link #ctrlCOnABuildMidTransformRollsBackAndSaysSo}: loads and transforms the first data set,
     * loads the second, locks users_history in a session of its own, and runs insert-dw, which says HELD once it
     * waits there; then waits for the signal. Its log goes to standard output, a line each.
     */
    public static void main(String[] args) throws Exception {
        Log out = ChildBuild.printingLog();
        if (args[0].startsWith("jdbc:")) { // a server of the test's, which Ctrl-C on this build leaves running
            try {
                Pipeline.builder(out).open(new WarehouseSettings(args[0], "postgres", null, null)).insertDw();
                ChildBuild.print("INSERT ENDED");
            } catch (RuntimeException e) {
                ChildBuild.print("ERROR " + e.getMessage());
            }
            return;
        }
        boolean fastBuild = args.length > 2; // the star left empty: insert-dw builds it whole, in sessions
        String held = fastBuild ? "staging_songs" : "users_history";
        Path data = Path.of(args[1]);
        EmbeddedWarehouse dw = new EmbeddedWarehouse(Path.of(args[0]), Log.silent());
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), Log.silent());
        pipeline.createTables(false);
        pipeline.loadStaging(sources(data.resolve("first")));
        if (!fastBuild) {
            pipeline.insertDw();
            pipeline.loadStaging(sources(data.resolve("second")));
        }
        ChildBuild.print("BEFORE " + state(dw));
        Connection holder = dw.warehouse.connect(); // held until the JVM ends
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE " + held + " IN ACCESS EXCLUSIVE MODE");
        }
        Thread say = new Thread(() -> {
            try {
                Backends.where(dw, "SELECT pid FROM pg_locks WHERE NOT granted"
                        + " AND relation = '" + held + "'::regclass");
                ChildBuild.print("HELD");
            } catch (Exception e) {
                ChildBuild.print("NOT HELD " + e);
            }
        });
        say.setDaemon(true);
        say.start();
        try {
            Pipeline.builder(out).on(dw.warehouse).insertDw();
            ChildBuild.print("INSERT ENDED"); // not reached: the signal ends the transform
        } catch (RuntimeException e) {
            ChildBuild.print("ERROR " + e.getMessage()); // printed before the JVM's exit completes, or not: not asserted
        }
    }

    @Test
    void ctrlCOnABuildMidTransformRollsBackAndSaysSo() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(5, 50, 1_500, data.resolve("first")), line -> { }).generate();
        new DataGenerator(new DataGenerator.Settings(6, 60, 3_000, data.resolve("second")), line -> { }).generate();
        Path pgdata = temp.resolve("pgdata");
        List<String> lines;
        try (ChildBuild build = ChildBuild.start(InterruptedInsertDwTest.class, pgdata.toString(), data.toString())) {
            assertEquals("HELD", build.readUntil("HELD"::equals), "the child's insert-dw never waited on"
                    + " users_history: " + build.lines());
            build.interrupt();
            assertTrue(build.awaitExit(), "the build did not stop on SIGINT");
            lines = build.lines();
        }
        assertTrue(lines.stream().anyMatch(l -> l.matches("INFO insert-dw: step \\d+ of \\d+: users_history")),
                "not held mid-transform, at its last step: " + lines);
        assertTrue(lines.contains("WARN " + SAID), "the interrupted build did not say so: " + lines);
        assertFalse(lines.contains("INSERT ENDED"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("terminating connection")), lines.toString());
        String before = lines.stream().filter(l -> l.startsWith("BEFORE ")).findFirst().orElseThrow();

        // The server was already shutting down when the transform's statement failed: the failed run could not be
        // recorded (the goal says so at debug), so the history holds the runs before it, and no success.
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(pgdata, new RecordingLog())) {
            assertEquals(before, "BEFORE " + state(next), "staging, the star and the run history as they were");
        }
    }

    @Test
    void ctrlCOnABuildWhoseServerStaysUpAbortsItsTransactionAndSaysSo() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(5, 50, 1_500, data.resolve("first")), line -> { }).generate();
        new DataGenerator(new DataGenerator.Settings(6, 60, 3_000, data.resolve("second")), line -> { }).generate();
        try (EmbeddedWarehouse server = new EmbeddedWarehouse(temp.resolve("pgdata"), Log.silent())) {
            Pipeline pipeline = new Pipeline(server.warehouse, new SqlResources(), Log.silent());
            pipeline.createTables(false);
            pipeline.loadStaging(sources(data.resolve("first")));
            pipeline.insertDw();
            pipeline.loadStaging(sources(data.resolve("second")));
            String before = state(server);
            // the build's insert-dw waits on the held table: the interrupt alone would not reach it
            List<String> lines = ctrlCWhileWaitingOn(server, "users_history", waiting -> { });
            assertTrue(lines.contains("WARN " + SAID), "the interrupted build did not say so: " + lines);
            assertFalse(lines.contains("INSERT ENDED"), lines.toString());
            // The server stayed up: the failed run is recorded after the rollback, and nothing else changed.
            assertEquals(before + ",insert-dw=failed", state(server),
                    "staging, the star and the run history as they were, and the failed run");
        }
    }

    /**
     * The fast full build (an empty star) on a server that stays up, Ctrl-C while its plays session waits on a lock:
     * the other session has committed its rows into the build schema by then, or is still filling it. The goal
     * cancels both sessions and drops the build schema; staging, the empty star and the history are as they were,
     * with the failed run; the next insert-dw builds the star.
     */
    @Test
    void ctrlCDuringTheFastBuildsSessionsDropsTheBuildSchemaAndChangesNothing() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(5, 50, 1_500, data.resolve("first")), line -> { }).generate();
        try (EmbeddedWarehouse server = new EmbeddedWarehouse(temp.resolve("pgdata"), Log.silent())) {
            Pipeline pipeline = new Pipeline(server.warehouse, new SqlResources(), Log.silent());
            pipeline.createTables(false);
            pipeline.loadStaging(sources(data.resolve("first")));
            String before = state(server);
            // fast_build_plays begins with ANALYZE staging_songs: its session waits there
            List<String> lines = ctrlCWhileWaitingOn(server, "staging_songs", waiting -> assertEquals(
                    "sparkfy-dw fast build: fast_build_plays", server.string("SELECT application_name"
                            + " FROM pg_stat_activity WHERE pid = " + waiting), "not a session of the fast build"));
            assertEquals(0L, server.longValue("SELECT count(*) FROM pg_stat_activity WHERE application_name"
                    + " LIKE 'sparkfy-dw fast build:%'"), "a session of the fast build outlived it");
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("INFO insert-dw: new star tables in sparkfy_dw_build")),
                    "the fast build had not started: " + lines);
            assertTrue(lines.contains("WARN " + SAID), "the interrupted build did not say so: " + lines);
            assertFalse(lines.contains("INSERT ENDED"), lines.toString());
            assertEquals(0L, server.longValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"),
                    "the build schema was left behind");
            assertEquals(before + ",insert-dw=failed", state(server),
                    "staging, the empty star and the run history as they were, and the failed run");

            pipeline.insertDw();
            assertTrue(server.count("songplays") > 0 && server.count("users") > 0, server.counts().toString());
        }
    }

    /**
     * A build killed (SIGKILL: no hook runs) while its fast full build's plays session waits on a lock: the build
     * schema, committed by the set-up, is left behind with whatever the other session filled. The next insert-dw
     * drops it, says so, and builds the same star as a warehouse that never saw the killed build.
     */
    @Test
    void aFastBuildLeftByAKilledBuildIsDroppedByTheNextOneWhichBuildsTheSameStar() throws Exception {
        Path data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(5, 50, 1_500, data.resolve("first")), line -> { }).generate();
        Path pgdata = temp.resolve("pgdata");
        try (ChildBuild build = ChildBuild.start(InterruptedInsertDwTest.class, pgdata.toString(), data.toString(),
                "fast-build")) {
            assertEquals("HELD", build.readUntil("HELD"::equals), "the child's fast build never waited on"
                    + " staging_songs: " + build.lines());
            assertTrue(build.kill(), "the build did not die");
        }
        Map<String, String> expected;
        try (EmbeddedWarehouse clean = new EmbeddedWarehouse(temp.resolve("clean"), Log.silent())) {
            Pipeline pipeline = new Pipeline(clean.warehouse, new SqlResources(), Log.silent());
            pipeline.createTables(false);
            pipeline.loadStaging(sources(data.resolve("first")));
            pipeline.insertDw();
            expected = star(clean);
            assertFalse(expected.get("songplays").startsWith("0 rows"), expected.toString());
        }
        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(pgdata, Log.silent())) {
            assertEquals(1L, next.longValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"),
                    "the killed build left no build schema: nothing to drop");
            new Pipeline(next.warehouse, new SqlResources(), log).insertDw();
            assertTrue(log.lines.contains("INFO insert-dw: dropping sparkfy_dw_build, left by a fast build that did"
                    + " not finish"), log.text());
            assertEquals(0L, next.longValue("SELECT count(*) FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"));
            assertEquals(expected, star(next), "the star as a warehouse that never saw the killed build has it");
        }
    }

    /**
     * A child build's insert-dw on {@code server} while a session of the test holds {@code table}: Ctrl-C once a
     * backend waits on it ({@code waiting} sees which), and the child's lines once that backend is gone too.
     */
    private static List<String> ctrlCWhileWaitingOn(EmbeddedWarehouse server, String table, IntConsumer waiting)
            throws Exception {
        String url;
        try (Connection connection = server.warehouse.connect()) {
            url = connection.getMetaData().getURL();
        }
        try (Connection holder = server.warehouse.connect()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            }
            try (ChildBuild build = ChildBuild.start(InterruptedInsertDwTest.class, url)) {
                int backend = Backends.where(server, "SELECT pid FROM pg_locks WHERE NOT granted"
                        + " AND relation = '" + table + "'::regclass");
                waiting.accept(backend);
                build.interrupt();
                assertTrue(build.awaitExit(), "the build did not stop on SIGINT");
                // The backend's own exit is the event (the bound only ends a hang): without the cancel and the
                // abort it would wait on the lock for as long as this test holds it.
                ProcessHandle.of(backend).ifPresent(process -> process.onExit().completeOnTimeout(process,
                        Waits.GUARD_SECONDS, TimeUnit.SECONDS).join());
                assertEquals(0L, server.longValue("SELECT count(*) FROM pg_stat_activity WHERE pid = " + backend),
                        "the build's backend outlived it");
                return build.lines();
            } finally {
                holder.rollback();
            }
        }
    }

    /** Each star table's rows as JSON (songplays without the generated songplay_id), counted and hashed. */
    private static Map<String, String> star(EmbeddedWarehouse dw) {
        Map<String, String> tables = new TreeMap<>();
        for (String table : new SqlResources().declaration().starTables()) {
            tables.put(table, dw.string("SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(r, E'\\n'"
                    + " ORDER BY r)), '-') FROM (SELECT (to_jsonb(t) - 'songplay_id')::text AS r FROM " + table
                    + " t) s"));
        }
        return tables;
    }

    /** Rows per staging and star table, and the run history's goals and statuses in order. */
    private static String state(EmbeddedWarehouse dw) {
        return dw.counts() + " runs: " + dw.string("SELECT string_agg(goal || '=' || status, ','"
                + " ORDER BY started, run_id) FROM sparkfy_dw_runs");
    }

    private static List<StagingSource> sources(Path data) {
        return List.of(new StagingSource("staging_events", data.resolve("log_data").toString(),
                        CopyOptions.jsonPaths("classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }

}
