package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.StepTimer;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.Backends;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import io.sparkfy.dw.testing.SchemaArtifact;
import io.sparkfy.dw.testing.Waits;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * insert-dw into an empty star on PostgreSQL, the fast full build: new tables built beside the star and swapped in.
 * What users attached to the star tables survives the swap and sees the new rows (views, views over views, table and
 * column grants, comments), the tables keep the keys the migrations give them, readers see the empty star or the
 * full one and never a part, what the swap cannot carry makes it merge instead, and a failed build changes nothing.
 */
class FastBuildTest {

    private static final String FAST = "the star is empty: building it whole from staging (the fast full build)";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static List<StagingSource> sources;
    RecordingLog log;
    Pipeline pipeline;

    @BeforeAll
    static void start() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        dw.execute("CREATE ROLE analyst NOLOGIN");
        Path sample = SampleData.udacitySmall();
        sources = List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(),
                        CopyOptions.jsonPaths("classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto()));
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    /** A recreated schema (the views of an earlier test dropped first: they would hold its tables) with staging loaded. */
    @BeforeEach
    void emptyStarOverLoadedStaging() {
        for (String view : List.of("paid_count", "paid_plays", "plays_by_level")) {
            dw.execute("DROP VIEW IF EXISTS " + view);
        }
        log = new RecordingLog();
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        pipeline.loadStaging(sources);
    }

    @Test
    void viewsGrantsAndCommentsOnTheStarSurviveTheSwapAndSeeTheNewRows() throws Exception {
        dw.execute("CREATE VIEW plays_by_level AS SELECT level, count(*) AS plays FROM songplays GROUP BY level");
        dw.execute("CREATE VIEW paid_plays WITH (security_barrier) AS SELECT * FROM songplays WHERE level = 'paid'");
        dw.execute("CREATE VIEW paid_count AS SELECT count(*) AS plays FROM paid_plays"); // over a view
        dw.execute("GRANT SELECT ON songplays, plays_by_level, paid_count TO analyst");
        dw.execute("GRANT SELECT (user_id, level) ON users TO analyst");
        dw.execute("COMMENT ON TABLE songplays IS 'one row per play'");
        List<String> oids = values("SELECT c.relname || '=' || c.oid FROM pg_class c WHERE c.relname IN"
                + " ('plays_by_level', 'paid_plays', 'paid_count') ORDER BY 1");
        List<String> songplaysOid = values("SELECT 'songplays'::regclass::oid::text");
        List<String> keys = keys();
        assertEquals(0, count("SELECT plays FROM paid_count", true));

        pipeline.insertDw();

        assertTrue(log.text().contains(FAST), log.text());
        assertTrue(log.text().contains("2 views rebound"), log.text());
        assertTrue(!songplaysOid.equals(values("SELECT 'songplays'::regclass::oid::text")), "a new table");
        assertEquals(oids, values("SELECT c.relname || '=' || c.oid FROM pg_class c WHERE c.relname IN"
                + " ('plays_by_level', 'paid_plays', 'paid_count') ORDER BY 1"), "the views themselves are kept");
        assertEquals(List.of("{security_barrier=true}"), values("SELECT reloptions::text FROM pg_class"
                + " WHERE relname = 'paid_plays'"));
        // The analyst reads the new rows through the table and the views, and no more than granted.
        assertEquals(6820, count("SELECT count(*) FROM songplays", true));
        assertEquals(6820, count("SELECT sum(plays) FROM plays_by_level", true));
        long paid = count("SELECT count(*) FROM songplays WHERE level = 'paid'", false);
        assertTrue(paid > 0);
        assertEquals(paid, count("SELECT plays FROM paid_count", true));
        assertEquals(97, count("SELECT count(DISTINCT level || user_id) FROM users", true));
        SQLException denied = assertThrows(SQLException.class, () -> count("SELECT count(first_name) FROM users",
                true));
        assertTrue(denied.getMessage().contains("permission denied"), denied.getMessage());
        assertEquals(List.of("true|false"), values("SELECT has_table_privilege('analyst', 'songplays', 'SELECT')"
                + " || '|' || has_table_privilege('analyst', 'songplays', 'INSERT')"));
        assertEquals(List.of("one row per play"), values("SELECT obj_description('songplays'::regclass)"));
        // The keys the migrations made, under their own names, an identity still generating songplay_id.
        assertEquals(keys, keys());
        assertEquals(List.of("d"), values("SELECT attidentity::text FROM pg_attribute"
                + " WHERE attrelid = 'songplays'::regclass AND attname = 'songplay_id'"));
        assertEquals(List.of(), values("SELECT nspname::text FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"));
        assertEquals(List.of("success|songplays=6820"), values("SELECT r.status || '|' || t.table_name || '='"
                + " || t.row_count FROM sparkfy_dw_runs r JOIN sparkfy_dw_run_tables t ON t.run_id = r.run_id"
                + " WHERE r.goal = 'insert-dw' AND t.table_name = 'songplays'"));

        // The next insert-dw over the same staging knows the fast build merged it, and writes nothing.
        int from = log.lines.size();
        pipeline.insertDw();
        List<String> next = log.lines.subList(from, log.lines.size());
        assertTrue(next.contains("INFO nothing new in staging since the last insert-dw: the star is left as it is"),
                log.text());
        assertEquals(List.of(), next.stream().filter(l -> l.contains(" written")).toList(), log.text());
        assertEquals(6820, count("SELECT count(*) FROM songplays", true));
    }

    /**
     * Each session names each step of its script as it begins, then each table whose keys it builds, and a step
     * that lasts is told with how long it has run: the test holds the plays session in its first step (its ANALYZE
     * of staging_songs waits for a lock of the test's), its clock says 12 s have passed and it ticks the timer.
     * Last, the summary: what was written and what the star holds.
     */
    @Test
    void eachSessionSaysWhatItRunsAndALongStepHowLongItHasRun() throws Exception {
        Timed timed = new Timed("INFO insert-dw: fast_build_plays: songs: running for ");
        CompletableFuture<Void> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE staging_songs IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(timed.pipeline::insertDw);
            Backends.where(dw, "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND application_name = 'sparkfy-dw fast build: fast_build_plays'");
            timed.tick(12);
            other.rollback();
        }
        transform.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS);

        List<String> lines = List.copyOf(log.lines);
        assertEquals(List.of("songs", "artists", "plays ranked and matched", "songplays", "songplays_unmatched"),
                steps(lines, "fast_build_plays"), log.text());
        assertEquals(List.of("time", "levels per user and time", "user_levels", "users", "users_history"),
                steps(lines, "fast_build_users"), log.text());
        int running = lines.indexOf("INFO insert-dw: fast_build_plays: songs: running for 12 s");
        assertTrue(running > lines.indexOf("INFO insert-dw: fast_build_plays: step 1 of 5: songs")
                && running < lines.indexOf("INFO insert-dw: fast_build_plays: step 2 of 5: artists"), log.text());
        // Every star table's keys, each once, numbered 1 to 8 (two sessions may tell theirs out of turn), each
        // told by a session whose own rows are in.
        Pattern keys = Pattern.compile("INFO insert-dw: (fast_build_\\w+): the keys of (\\w+)"
                + " \\((\\d+) of 8 tables\\)");
        Set<String> tables = new TreeSet<>();
        Set<Integer> numbers = new TreeSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = keys.matcher(lines.get(i));
            if (m.matches()) {
                assertTrue(tables.add(m.group(2)), lines.get(i));
                assertTrue(numbers.add(Integer.parseInt(m.group(3))), lines.get(i));
                String filled = m.group(1) + " filled ";
                assertTrue(lines.subList(0, i).stream().anyMatch(l -> l.startsWith("INFO insert-dw: " + filled)),
                        lines.get(i));
            }
        }
        assertEquals(new TreeSet<>(new SqlResources().declaration().starTables()), tables, log.text());
        assertEquals(Set.of(1, 2, 3, 4, 5, 6, 7, 8), numbers, log.text());
        assertTrue(lines.stream().anyMatch(l -> l.matches("INFO insert-dw: [\\d,]+ rows written into 8 tables; the star"
                + " holds in total, from every load so far: songplays 6,820 rows, users 97, songs 71, artists 69,"
                + " time 6,813")), log.text());
    }

    /**
     * The swap held (another session holds a lock on users_history that its LOCK waits for): by then the new tables
     * are built and committed beside the star, yet a reader of the star sees it empty, or waits for the swap's
     * lock; once the swap is let go, the whole new star. While it waits, the swap is told with how long it has run,
     * and nothing else is (the sessions are done).
     */
    @Test
    void readersSeeTheEmptyStarOrTheNewOneNeverAPart() throws Exception {
        Timed timed = new Timed("INFO insert-dw: swapping the new star in: running for ");
        CompletableFuture<Void> build;
        try (Connection holder = dw.warehouse.connect(); Statement statement = holder.createStatement()) {
            statement.execute("LOCK TABLE users_history IN EXCLUSIVE MODE"); // reads go on, the swap's lock waits
            build = CompletableFuture.runAsync(timed.pipeline::insertDw);
            Backends.where(dw, "SELECT pid FROM pg_locks WHERE NOT granted"
                    + " AND relation = 'users_history'::regclass AND mode = 'AccessExclusiveLock'");
            timed.tick(7);
            assertEquals(6820, count("SELECT count(*) FROM sparkfy_dw_build.songplays", false), "built, not shown");
            assertEquals(0, count("SELECT count(*) FROM user_levels", false), "the star as it was: empty");
            SQLException waits = assertThrows(SQLException.class,
                    () -> count("SELECT count(*) FROM songplays", false, "SET lock_timeout = '100ms'"));
            assertTrue(waits.getMessage().contains("lock timeout"), waits.getMessage());
            holder.rollback();
        }
        build.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
        assertEquals(6820, count("SELECT count(*) FROM songplays", false));
        assertTrue(count("SELECT count(*) FROM user_levels", false) > 6820);
        assertEquals(List.of("INFO insert-dw: swapping the new star in: running for 7 s"),
                log.lines.stream().filter(l -> l.contains("running for")).toList(), log.text());
    }

    /** The steps a session named as they began, in order, checking that it numbered them. */
    private static List<String> steps(List<String> lines, String session) {
        String prefix = "INFO insert-dw: " + session + ": step ";
        List<String> told = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .toList();
        List<String> names = new ArrayList<>();
        for (String line : told) {
            String number = (names.size() + 1) + " of " + told.size() + ": ";
            assertTrue(line.startsWith(number), line);
            names.add(line.substring(number.length()));
        }
        return names;
    }

    /**
     * insert-dw with the timer on the test's clock and ticks, logging into {@link #log}: {@link #tick} says that
     * many seconds have passed, ticks once and waits until the line starting with {@code awaited} is logged.
     */
    private final class Timed {
        final AtomicLong clock = new AtomicLong();
        final Semaphore ticks = new Semaphore(0);
        final CountDownLatch told = new CountDownLatch(1);
        final Pipeline pipeline;

        Timed(String awaited) {
            Log watching = new Log() {
                @Override public void info(String message) {
                    log.info(message);
                    if (("INFO " + message).startsWith(awaited)) {
                        told.countDown();
                    }
                }
                @Override public void warn(String message) { log.warn(message); }
                @Override public void debug(String message) { log.debug(message); }
            };
            pipeline = Pipeline.builder(watching).timers((l, prefix) -> new StepTimer(l, prefix, clock::get,
                    ticks::acquire)).on(dw.warehouse);
        }

        void tick(long seconds) throws InterruptedException {
            clock.set(seconds * 1_000_000_000L);
            ticks.release();
            Waits.await(told, "the timer never told the step running");
        }
    }

    @Test
    void whatTheSwapCannotCarryMakesInsertDwMerge() throws Exception {
        dw.execute("CREATE FUNCTION nothing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$");
        dw.execute("CREATE TRIGGER users_audit AFTER INSERT ON users FOR EACH STATEMENT EXECUTE FUNCTION nothing()");
        try {
            pipeline.insertDw();
            assertTrue(log.text().contains("INFO insert-dw: the star is empty, but users has trigger users_audit on"
                    + " table users, which a new table would not carry: merging instead (the same rows, more"
                    + " slowly)"), log.text());
            assertTrue(!log.text().contains(FAST), log.text());
            assertEquals(6820, count("SELECT count(*) FROM songplays", false));
            assertEquals(List.of("users_audit"), values("SELECT tgname::text FROM pg_trigger"
                    + " WHERE tgrelid = 'users'::regclass"));
        } finally {
            dw.execute("DROP TRIGGER IF EXISTS users_audit ON users");
            dw.execute("DROP FUNCTION nothing()");
        }
    }

    /**
     * A session fails (here, keys after rows: the users session writes a start time twice, so time's primary key
     * cannot be made): the goal fails naming it, the star and its views are as they were, nothing of the build is
     * left, the failure is in the run history, and the next insert-dw builds the star.
     */
    @Test
    void aFailedSessionChangesNothing() throws Exception {
        dw.execute("CREATE VIEW plays_by_level AS SELECT level, count(*) AS plays FROM songplays GROUP BY level");
        SchemaArtifact broken = SchemaArtifact.copyOfShipped(temp.resolve("broken-" + System.nanoTime()));
        broken.append("postgres/fast_build_users.sql", "\nINSERT INTO time (start_time)\n"
                + "SELECT start_time FROM time ORDER BY start_time LIMIT 1;\n");
        Pipeline failing = new Pipeline(dw.warehouse, broken.resources(), log);
        SparkfyException e = assertThrows(SparkfyException.class, failing::insertDw);
        assertTrue(e.getMessage().startsWith("insert-dw failed, nothing was changed: the keys of time (filled by"
                + " fast_build_users): ALTER TABLE"
                + " sparkfy_dw_build.time ADD CONSTRAINT time_pkey PRIMARY KEY (start_time) failed: "), e.getMessage());
        for (String table : new SqlResources().declaration().starTables()) {
            assertEquals(0, count("SELECT count(*) FROM " + table, false), table);
        }
        assertEquals(0, count("SELECT count(*) FROM plays_by_level", false));
        assertEquals(List.of(), values("SELECT nspname::text FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"));
        assertEquals(List.of("failed"), values("SELECT status FROM sparkfy_dw_runs WHERE goal = 'insert-dw'"));

        pipeline.insertDw();
        assertEquals(6820, count("SELECT sum(plays) FROM plays_by_level", false));
    }

    /**
     * A session that fails while the other, done with its rows and its own tables' keys, waits for more keys to build:
     * the waiting one is let go and fails too, and nothing changes. The plays session is held at its first statement
     * (ANALYZE staging_songs) by a lock of the test's, until the users session's keys are all in and it sits idle.
     */
    @Test
    void aSessionFailingWhileTheOtherWaitsForKeysChangesNothing() throws Exception {
        SchemaArtifact broken = SchemaArtifact.copyOfShipped(temp.resolve("broken-" + System.nanoTime()));
        broken.append("postgres/fast_build_plays.sql", "\nSELECT 1 / 0;\n");
        Pipeline failing = new Pipeline(dw.warehouse, broken.resources(), log);
        String usersTables = "('time', 'user_levels', 'users', 'users_history')"; // fast_build_users.sql's
        CompletableFuture<Void> transform;
        try (Connection other = dw.warehouse.connect(); Statement statement = other.createStatement()) {
            statement.execute("LOCK TABLE staging_songs IN ACCESS EXCLUSIVE MODE");
            transform = CompletableFuture.runAsync(failing::insertDw);
            Backends.where(dw, "SELECT pid FROM pg_stat_activity WHERE state = 'idle'"
                    + " AND application_name = 'sparkfy-dw fast build: fast_build_users'"
                    + " AND (SELECT count(*) FROM pg_indexes WHERE schemaname = 'sparkfy_dw_build'"
                    + " AND tablename IN " + usersTables + ") = (SELECT count(*) FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND tablename IN " + usersTables + ")");
            other.rollback();
        }
        ExecutionException e = assertThrows(ExecutionException.class, () -> transform.get(120, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof SparkfyException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().startsWith("insert-dw failed, nothing was changed: ")
                && e.getCause().getMessage().contains("division by zero"), e.getCause().getMessage());
        for (String table : new SqlResources().declaration().starTables()) {
            assertEquals(0, count("SELECT count(*) FROM " + table, false), table);
        }
        assertEquals(List.of(), values("SELECT nspname::text FROM pg_namespace WHERE nspname = 'sparkfy_dw_build'"));
        assertEquals(List.of("failed"), values("SELECT status FROM sparkfy_dw_runs WHERE goal = 'insert-dw'"));

        pipeline.insertDw();
        assertEquals(6820, count("SELECT count(*) FROM songplays", false));
    }

    /** Every index and constraint of the star tables, as the catalog defines them. */
    private static List<String> keys() {
        List<String> keys = new ArrayList<>(values("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                + " AND tablename IN ('songplays', 'users', 'songs', 'artists', 'time', 'users_history',"
                + " 'user_levels', 'songplays_unmatched') ORDER BY indexname"));
        keys.addAll(values("SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)"
                + " FROM pg_constraint WHERE conrelid IN ('songplays'::regclass, 'users'::regclass, 'time'::regclass,"
                + " 'users_history'::regclass, 'songplays_unmatched'::regclass) ORDER BY 1"));
        assertTrue(keys.size() > 10, keys.toString());
        return keys;
    }

    private static List<String> values(String sql) {
        List<String> values = new ArrayList<>();
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
        return values;
    }

    /** One number, read as the analyst role or as the warehouse's user, after {@code settings}. */
    private static long count(String sql, boolean asAnalyst, String... settings) throws SQLException {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement()) {
            try {
                for (String setting : settings) {
                    statement.execute(setting);
                }
                if (asAnalyst) {
                    statement.execute("SET ROLE analyst");
                }
                try (ResultSet rs = statement.executeQuery(sql)) {
                    rs.next();
                    return rs.getLong(1);
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
