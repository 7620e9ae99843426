package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
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
import io.sparkfy.dw.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Daily runs over one folder of generated logs (one file a day) that gains a new day: a backend killed in the COPY
 * of the new day's file, or in insert-dw over the new day while it waits on a lock another session holds on
 * users_history (which it writes last), leaves every table (staging, the ledger, the star, users_history and the side
 * tables) row for row as it was, and the next run gives what a run never killed gives; two runs started together
 * take turns and load the new file once. Tables are compared by a digest of all their rows (count and md5 of the
 * sorted rows as JSON); against the unkilled run, without the columns a run makes its own (songplay_id, the
 * ledger's run_id and loaded_at).
 */
class DailyRunsTest {

    private static final String LEDGER = "sparkfy_dw_loaded_files";
    /** Per table, what differs between two runs that give the same data. */
    private static final Map<String, List<String>> RUN_OWN = Map.of(
            "songplays", List.of("songplay_id"), LEDGER, List.of("run_id", "loaded_at"));

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static final SqlResources sql = new SqlResources();
    /** The generated log files, in order; the last two are the day the folder gains. */
    static List<Path> days;
    static Path generated;
    /** The daily folder every run reads: log_data and song_data, at the same locations every time. */
    static Path logData;
    static Path songData;
    /** Every table after the base days and the new day, loaded by runs that nothing killed. */
    static Map<String, String> unkilled;

    Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        generated = temp.resolve("generated");
        // 3,000 events a day: half a day's file is more than a COPY chunk of rows, so a held file has rows at the
        // server.
        new DataGenerator(new DataGenerator.Settings(17, 300, 90_000, generated), line -> { }).generate();
        // The new day comes as two files: the COPY has the first one's rows (more than a chunk) when the second,
        // held halfway, stops it.
        List<Path> logs = files(generated.resolve("log_data"));
        assertTrue(logs.size() > 5, "days: " + logs.size());
        Path last = logs.get(logs.size() - 1);
        List<String> lines = Files.readAllLines(last);
        String name = last.getFileName().toString().replace(".json", "");
        int cut = lines.size() * 2 / 3;
        Files.write(last.resolveSibling(name + "-a.json"), lines.subList(0, cut));
        Files.write(last.resolveSibling(name + "-b.json"), lines.subList(cut, lines.size()));
        Files.delete(last);
        days = files(generated.resolve("log_data"));
        logData = temp.resolve("daily/log_data");
        songData = temp.resolve("daily/song_data");
        copyTree(generated.resolve("song_data"), songData);
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());

        Pipeline reference = new Pipeline(dw.warehouse, sql, new RecordingLog());
        baseDays(reference);
        addNewDay();
        reference.loadStaging(sources());
        reference.insertDw();
        unkilled = digests(true);
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @BeforeEach
    void baseDaysLoaded() throws IOException {
        pipeline = new Pipeline(dw.warehouse, sql, new RecordingLog());
        baseDays(pipeline);
    }

    /** A fresh schema, the folder holding every day but the last, loaded and transformed. */
    private static void baseDays(Pipeline pipeline) throws IOException {
        pipeline.createTables(true);
        if (Files.exists(logData)) {
            for (Path file : files(logData)) {
                Files.delete(file);
            }
        }
        for (Path day : days.subList(0, days.size() - 2)) {
            copyDay(day);
        }
        pipeline.loadStaging(sources());
        pipeline.insertDw();
    }

    private static void addNewDay() throws IOException {
        for (Path file : days.subList(days.size() - 2, days.size())) {
            copyDay(file);
        }
    }

    /** The new day's files, by relative name, comma-separated. */
    private static String newDayKeys() {
        return relative(generated.resolve("log_data"), days.get(days.size() - 2)) + ","
                + relative(generated.resolve("log_data"), days.get(days.size() - 1));
    }

    /** The new day's last file: the one held halfway. */
    private static String heldKey() {
        return relative(generated.resolve("log_data"), days.get(days.size() - 1));
    }

    @Test
    void aBackendKilledInTheCopyOfANewDayLeavesEverythingAsItWasAndTheNextRunLoadsThatDay() throws Exception {
        Map<String, String> before = digests(false);
        String baseRun = dw.string("SELECT min(run_id) FROM " + LEDGER);
        addNewDay();

        HeldFile.Gate gate = new HeldFile.Gate();
        Warehouse holding = dw.through(holdingNewDay(gate), new RecordingLog());
        Pipeline killed = Pipeline.builder(new RecordingLog()).on(holding);
        CompletableFuture<?> load = CompletableFuture.runAsync(() -> killed.loadStaging(sources()));
        try {
            Waits.await(gate.waiting, "the load never read the new day's held file");
            // The new day's rows are at the server, in the COPY that the held file keeps open (staging is truncated).
            Backends.terminate(dw, Backends.where(dw, "SELECT pid FROM pg_stat_progress_copy"
                    + " WHERE relid = 'staging_events'::regclass"
                    + " AND tuples_processed > 0"));
        } finally {
            gate.goOn.countDown(); // the rest of the file, for a COPY that is gone
        }
        Throwable failure = failureOf(load);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("staging_events: the load failed in the database: "),
                failure.getMessage());
        holding.close();
        assertEquals(before, digests(false), "the killed load changed the warehouse");

        RecordingLog next = new RecordingLog();
        Pipeline nextRun = new Pipeline(dw.warehouse, sql, next);
        nextRun.loadStaging(sources());
        assertTrue(next.text().contains("staging_events: loading 2 files"), next.text());
        assertEquals(newDayKeys(), dw.string("SELECT string_agg(object_key, ',' ORDER BY object_key) FROM " + LEDGER
                + " WHERE run_id <> '" + baseRun + "'"), "the next run loads the new day, and only it");
        nextRun.insertDw();
        assertEquals(unkilled, digests(true), "the next run gives what an unkilled run gives");
    }

    @Test
    void aBackendKilledInInsertDwOverANewDayLeavesTheStarAsItWasAndTheNextInsertDwGivesTheSameStar()
            throws Exception {
        addNewDay();
        pipeline.loadStaging(sources());
        Map<String, String> before = digests(false);

        // users_history is the table insert-dw writes last: while another session holds it, the transform waits
        // there, every other star table and side table written in its transaction.
        CompletableFuture<?> transform;
        List<String> writtenWhenKilled;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            other.setAutoCommit(false);
            statement.execute("LOCK TABLE users_history IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(pipeline::insertDw);
            int pid = Backends.where(dw, "SELECT l.pid FROM pg_locks l WHERE NOT l.granted"
                    + " AND l.relation = 'users_history'::regclass");
            writtenWhenKilled = written(pid);
            Backends.terminate(dw, pid);
            other.rollback();
        }
        Throwable failure = failureOf(transform);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("insert-dw failed, nothing was changed: "), failure.getMessage());
        assertEquals(before, digests(false), "the killed transform changed the warehouse");
        // Checked after the tables: it was killed late, with every other table written in its open transaction
        // (but songs and artists: the new day brings no song file, so their steps are left out).
        assertEquals(List.of("songplays", "songplays_unmatched", "time", "user_levels", "users"),
                writtenWhenKilled, "the tables the transform had written, uncommitted, when it was killed");

        pipeline.insertDw();
        assertEquals(unkilled, digests(true), "the next insert-dw gives what an unkilled run gives");
    }

    /**
     * The fast full build (insert-dw into an empty star: here a recreated schema, every day loaded at once), its
     * plays session killed while it waits for staging_songs, which another session holds locked: the users session
     * has run, or is cancelled, yet staging, ledger, star and side tables are as they were, nothing of the build is
     * left, the run is recorded as failed, and the next insert-dw gives the star the daily runs give.
     */
    @Test
    void aBackendKilledInAFastBuildSessionLeavesEverythingAsItWasAndTheNextInsertDwGivesTheSameStar()
            throws Exception {
        emptyStarOverEveryDay();
        Map<String, String> before = digests(false);
        CompletableFuture<?> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE staging_songs IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(pipeline::insertDw);
            int pid = Backends.where(dw, "SELECT l.pid FROM pg_locks l WHERE NOT l.granted"
                    + " AND l.relation = 'staging_songs'::regclass");
            assertEquals("sparkfy-dw fast build: fast_build_plays", dw.string("SELECT application_name"
                    + " FROM pg_stat_activity WHERE pid = " + pid));
            Backends.terminate(dw, pid);
            other.rollback();
        }
        assertKilledFastBuildChangedNothing(transform, before);
    }

    /**
     * The same, killed in the swap, after both sessions have committed the new star beside the old one: the swap
     * waits for users_history, which another session holds (reads go on); killed there, it changes nothing.
     */
    @Test
    void aBackendKilledInTheFastBuildsSwapLeavesEverythingAsItWasAndTheNextInsertDwGivesTheSameStar()
            throws Exception {
        emptyStarOverEveryDay();
        Map<String, String> before = digests(false);
        CompletableFuture<?> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE users_history IN EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(pipeline::insertDw);
            int pid = Backends.where(dw, "SELECT l.pid FROM pg_locks l WHERE NOT l.granted"
                    + " AND l.relation = 'users_history'::regclass AND l.mode = 'AccessExclusiveLock'");
            // user_levels comes after users_history in the swap's LOCK: not locked yet, and still empty
            assertEquals(0, dw.count("user_levels"), "the star as it was");
            assertTrue(dw.count("sparkfy_dw_build.user_levels") > 0, "the new star is built, not yet swapped in");
            Backends.terminate(dw, pid);
            other.rollback();
        }
        assertKilledFastBuildChangedNothing(transform, before);
    }

    /** A recreated schema whose staging holds every day: insert-dw takes the fast full build. */
    private void emptyStarOverEveryDay() throws IOException {
        pipeline.createTables(true);
        addNewDay();
        pipeline.loadStaging(sources());
    }

    private void assertKilledFastBuildChangedNothing(CompletableFuture<?> transform, Map<String, String> before) {
        Throwable failure = failureOf(transform);
        assertTrue(failure instanceof SparkfyException, String.valueOf(failure));
        assertTrue(failure.getMessage().startsWith("insert-dw failed, nothing was changed: "), failure.getMessage());
        assertEquals(before, digests(false), "the killed fast build changed the warehouse");
        assertEquals("0", dw.string("SELECT count(*) FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"),
                "the build's tables are dropped");
        assertEquals("failed", dw.string("SELECT status FROM sparkfy_dw_runs WHERE goal = 'insert-dw'"
                + " ORDER BY started DESC LIMIT 1"));

        RecordingLog next = new RecordingLog();
        new Pipeline(dw.warehouse, sql, next).insertDw();
        assertTrue(next.text().contains("(the fast full build)"), next.text());
        Map<String, String> star = new TreeMap<>(digests(true));
        Map<String, String> expected = new TreeMap<>(unkilled);
        for (String table : List.of("staging_events", "staging_songs", LEDGER)) {
            star.remove(table); // staging holds every day here, the daily runs' the last day only
            expected.remove(table);
        }
        assertEquals(expected, star, "the next insert-dw gives the star the daily runs give");
    }

    @Test
    void twoDailyRunsStartedTogetherLoadTheNewDayOnce() throws Exception {
        addNewDay();
        String baseRun = dw.string("SELECT min(run_id) FROM " + LEDGER);
        // Each run reads the new day through a file that stops halfway until the test lets it go on, so whichever
        // loads it holds the warehouse until the other has said it waits for it.
        HeldFile.Gate gate = new HeldFile.Gate();
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch oneWaits = new CountDownLatch(1);
        List<RecordingLog> logs = new ArrayList<>();
        List<Warehouse> warehouses = new ArrayList<>();
        List<Pipeline> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Warehouse through = dw.through(holdingNewDay(gate), new RecordingLog());
            warehouses.add(through);
            RecordingLog lines = new RecordingLog();
            logs.add(lines);
            runs.add(Pipeline.builder(signalling(lines, oneWaits)).on(through));
        }
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Pipeline run : runs) {
                done.add(threads.submit(() -> {
                    start.await();
                    run.loadStaging(sources());
                    run.insertDw();
                    return null;
                }));
            }
            start.countDown();
            try {
                Waits.await(gate.waiting, "neither run read the new day's held file");
                Waits.await(oneWaits, "the other run never waited for the warehouse");
            } finally {
                gate.goOn.countDown();
            }
            for (Future<?> run : done) {
                run.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            warehouses.forEach(Warehouse::close);
        }

        assertEquals(1, gate.opened.get(), "the new day's held file is read once");
        List<String> loading = new ArrayList<>();
        List<String> nothingNew = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String text = logs.get(i).text();
            if (text.contains("staging_events: loading 2 files")) {
                loading.add("run " + i);
            }
            if (text.contains("staging_events: nothing new in " + logData + " (" + days.size()
                    + " files already loaded)") && text.contains("staging_songs: nothing new in " + songData)) {
                nothingNew.add("run " + i);
            }
        }
        assertEquals(1, loading.size(), "one run loads the new day: " + logs.get(0).text() + logs.get(1).text());
        assertEquals(1, nothingNew.size(), "the other says nothing is new: " + logs.get(0).text()
                + logs.get(1).text());
        assertTrue(!loading.equals(nothingNew), loading + " " + nothingNew);
        assertEquals(dw.count(LEDGER), dw.longValue("SELECT count(DISTINCT (table_name, source_location,"
                + " object_key)) FROM " + LEDGER), "one ledger row per file");
        assertEquals(newDayKeys(), dw.string("SELECT string_agg(object_key, ',' ORDER BY object_key) FROM " + LEDGER
                + " WHERE run_id <> '" + baseRun + "'"), "the new day is recorded once, by one run");
        assertEquals(unkilled, digests(true), "the two runs give what one run gives");
    }

    /** Counts {@code waits} down when the goal says it waits for the warehouse lock. */
    private static Log signalling(RecordingLog lines, CountDownLatch waits) {
        return new Log() {
            @Override
            public void info(String message) {
                lines.info(message);
                if (message.contains("another sparkfy-dw goal is working on this warehouse")) {
                    waits.countDown();
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
    }

    /**
     * Sources whose log folder lists as on disk, the new day's file held halfway at {@code gate}; the song folder
     * as usual.
     */
    private static Sources holdingNewDay(HeldFile.Gate gate) {
        return new Sources(S3Options.defaults(), location -> {
            if (!location.equals(logData.toString())) {
                return null;
            }
            List<SourceObject> files = new ArrayList<>();
            for (SourceObject file : Sources.local().of(location, null).list()) {
                if (file.relativeName().equals(heldKey())) {
                    files.add(new HeldFile(file, gate));
                } else {
                    files.add(file);
                }
            }
            return new ListedSource(location, files);
        });
    }

    /** The relations of the star a backend holds a row-exclusive lock on: those it has written. */
    private static List<String> written(int pid) {
        List<String> tables = new ArrayList<>();
        try (Connection admin = dw.warehouse.connect(); Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c"
                     + " ON c.oid = l.relation WHERE l.pid = " + pid + " AND l.granted AND l.mode = 'RowExclusiveLock'"
                     + " AND c.relkind = 'r' AND c.relname IN ('songplays', 'users', 'songs', 'artists', 'time',"
                     + " 'users_history', 'user_levels', 'songplays_unmatched') ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
            admin.rollback();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        return tables;
    }

    /**
     * Every table (staging, star, side tables, ledger) as the count and md5 of its rows as JSON, sorted;
     * {@code acrossRuns}: without the columns each run makes its own.
     */
    private static Map<String, String> digests(boolean acrossRuns) {
        Map<String, String> digests = new TreeMap<>();
        for (String table : sql.declaration().tables()) {
            String row = "to_jsonb(t)";
            if (acrossRuns) {
                for (String column : RUN_OWN.getOrDefault(table, List.of())) {
                    row += " - '" + column + "'";
                }
            }
            digests.put(table, dw.string("SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(r, E'\\n'"
                    + " ORDER BY r)), '-') FROM (SELECT (" + row + ")::text AS r FROM " + table + " t) s"));
        }
        return digests;
    }

    private static List<StagingSource> sources() {
        return List.of(
                new StagingSource("staging_events", logData.toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", songData.toString(), CopyOptions.auto()));
    }

    private static Throwable failureOf(CompletableFuture<?> run) {
        try {
            run.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void copyDay(Path day) throws IOException {
        Path target = logData.resolve(relative(generated.resolve("log_data"), day));
        Files.createDirectories(target.getParent());
        Files.copy(day, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (Path file : files(from)) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
