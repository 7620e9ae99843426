package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.Backends;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the goals say, read as a user reads the build log: each line a sentence about what happened. */
class GoalMessagesTest {

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(3, 20, 600, data), line -> { }).generate();
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @Test
    void createTablesSaysItIsDoneOnceAfterItsMigrations() {
        RecordingLog log = new RecordingLog();
        new Pipeline(dw.warehouse, new SqlResources(), log).createTables(true);
        List<String> done = log.lines.stream().filter(l -> l.startsWith("INFO create-tables done on ")).toList();
        assertEquals(1, done.size(), log.text());
        int lastMigration = -1;
        for (int i = 0; i < log.lines.size(); i++) {
            if (log.lines.get(i).startsWith("INFO migrated to version ")) {
                lastMigration = i;
            }
        }
        assertTrue(lastMigration >= 0 && log.lines.indexOf(done.get(0)) > lastMigration, log.text());
    }

    /** One events file and one song file: every count is 1, and reads so. */
    @Test
    void aCountOfOneReadsAsASentence() throws Exception {
        Path one = temp.resolve("one");
        Path events = Files.createDirectories(one.resolve("log_data"));
        Path songs = Files.createDirectories(one.resolve("song_data"));
        try (Stream<Path> files = Files.walk(data.resolve("log_data"))) {
            Path day = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            Files.writeString(events.resolve(day.getFileName()), Files.readAllLines(day).get(0));
        }
        try (Stream<Path> files = Files.walk(data.resolve("song_data"))) {
            Path song = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            Files.copy(song, songs.resolve(song.getFileName()));
        }
        RecordingLog log = new RecordingLog();
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        pipeline.loadStaging(List.of(
                new StagingSource("staging_events", events.toString(), events().options()),
                new StagingSource("staging_songs", songs.toString(), CopyOptions.auto())));
        pipeline.insertDw();
        pipeline.loadStaging(List.of(new StagingSource("staging_songs", songs.toString(), CopyOptions.auto())));
        pipeline.report(temp.resolve("report"));

        assertTrue(log.lines.contains("INFO staging_songs: loading 1 file from " + songs
                + " (FORMAT AS JSON 'auto' TIMEFORMAT 'auto')"), log.text());
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO staging_songs: 1 row from 1 file (")),
                log.text());
        assertTrue(log.lines.contains("INFO staging_songs: nothing new in " + songs + " (1 file already loaded)"),
                log.text());
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO songs: 1 row written, 1 in total")),
                log.text());
        assertTrue(log.lines.stream().anyMatch(l -> l.matches("INFO report: freshness: 1 row in \\d+ ms")),
                log.text());
        List<String> wrong = log.lines.stream().filter(l -> l.matches(".*(?<![\\d,.])1 (rows|files|records|queries"
                + "|objects)\\b.*")).toList();
        assertEquals(List.of(), wrong);
    }

    @Test
    void insertDwNamesEachStepAndSaysWhatTheStarHolds() {
        RecordingLog log = new RecordingLog();
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        pipeline.loadStaging(List.of(events(), songs()));
        // A star that holds a row, so insert-dw merges (into an empty star it takes the fast full build).
        dw.execute("INSERT INTO users (user_id, first_name, last_name, gender, level) VALUES (-1, 'Seed', 'Row', 'F',"
                + " 'free')");
        log.lines.clear();
        pipeline.insertDw();
        List<String> steps = log.lines.stream().filter(l -> l.startsWith("INFO insert-dw: step ")).toList();
        assertEquals(List.of("songs", "artists", "songplays", "time", "songplays matched by late songs",
                "songplays_unmatched", "user_levels", "users", "users_history").size(), steps.size(), log.text());
        assertEquals("INFO insert-dw: step 1 of 9: songs", steps.get(0));
        assertEquals("INFO insert-dw: step 3 of 9: songplays", steps.get(2));
        assertEquals("INFO insert-dw: step 9 of 9: users_history", steps.get(8));
        long plays = dw.count("songplays");
        String last = log.lines.get(log.lines.size() - 2); // before the "done" line
        // What the declared totals hold (star.totals): the fact and its dimensions, the seed user among them
        String holds = String.format("songplays %,d rows, users %,d, songs %,d, artists %,d, time %,d", plays,
                dw.count("users"), dw.count("songs"), dw.count("artists"), dw.count("time"));
        assertTrue(last.matches("INFO insert-dw: [\\d,]+ rows written into 8 tables; the star holds in total, from"
                + " every load so far: " + holds), log.text());
        // Counted, not the rows written: the seed user too
        String users = String.format("INFO users: %s written, in ", Plural.of(dw.count("users") - 1, "row"));
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith(users)), log.text());

        log.lines.clear();
        pipeline.insertDw(); // the same staging again: nothing new
        assertEquals("INFO nothing new in staging since the last insert-dw: the star is left as it is",
                log.lines.get(log.lines.size() - 2));
        assertEquals(plays, dw.count("songplays"));
    }

    /**
     * A step that lasts is told with how long it has run. Another session holds the time table, so insert-dw waits
     * in its time step; the test's clock says 12 s have passed and the test gives the timer its tick.
     */
    @Test
    void aLongStepSaysHowLongItHasRun() throws Exception {
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
        pipeline.createTables(true);
        pipeline.loadStaging(List.of(events(), songs()));
        // A star that holds a row, so insert-dw merges (into an empty star it takes the fast full build).
        dw.execute("INSERT INTO users (user_id, first_name, last_name, gender, level) VALUES (-1, 'Seed', 'Row', 'F',"
                + " 'free')");
        AtomicLong clock = new AtomicLong();
        Semaphore ticks = new Semaphore(0);
        CountDownLatch told = new CountDownLatch(1);
        RecordingLog log = new RecordingLog();
        Log watching = new Log() {
            @Override public void info(String message) {
                log.info(message);
                if (message.contains("running for")) {
                    told.countDown();
                }
            }
            @Override public void warn(String message) { log.warn(message); }
            @Override public void debug(String message) { }
        };
        Pipeline timed = Pipeline.builder(watching).timers((l, prefix) -> new StepTimer(l, prefix, clock::get,
                ticks::acquire)).on(dw.warehouse);
        CompletableFuture<Void> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE time IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(timed::insertDw);
            Backends.where(dw, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE 'INSERT INTO time%'");
            clock.set(12_000_000_000L);
            ticks.release();
            Waits.await(told, "the timer never told the step running");
            other.rollback();
        }
        transform.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
        int step = log.lines.indexOf("INFO insert-dw: step 4 of 9: time");
        int running = log.lines.indexOf("INFO insert-dw: time: running for 12 s");
        assertTrue(step >= 0 && running > step, log.text());
        assertEquals(1, log.lines.stream().filter(l -> l.contains("running for")).count(), log.text());
    }

    @Test
    void insertDwOverEmptyStagingWarns() {
        RecordingLog log = new RecordingLog();
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        pipeline.insertDw();
        assertTrue(log.lines.contains("WARN insert-dw: staging is empty (no rows in staging_events, staging_songs):"
                + " nothing was inserted; run load-stg first"), log.text());

        log.lines.clear();
        pipeline.loadStaging(List.of(events()));
        pipeline.insertDw();
        assertTrue(log.lines.contains("WARN insert-dw: staging_songs is empty: nothing came from it; fill it with"
                + " load-stg first"), log.text());
        assertEquals(1, log.lines.stream().filter(l -> l.startsWith("WARN")).count(), log.text());
    }

    private static StagingSource events() {
        return new StagingSource("staging_events", data.resolve("log_data").toString(), CopyOptions.jsonPaths(
                "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS));
    }

    private static StagingSource songs() {
        return new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto());
    }
}
