package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
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
import io.sparkfy.dw.testing.SchemaArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An incremental star equals a full load: the data split into daily batches (one log file each, the song files in
 * groups riding along with some days), loaded batch by batch in several orders (by day, reversed, shuffled, songs
 * after their plays), leaves every star table, users_history and the side tables row for row as one load of
 * everything does. The full load's users_history is itself checked against periods computed here from the events.
 */
class IncrementalStarTest {

    private static final int SONG_GROUPS = 5;
    private static final Pattern EVENT = Pattern.compile(
            "\"level\":\"(\\w+)\".*\"ts\":(\\d+).*\"userId\":\"(\\d+)\"");

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static final RecordingLog log = new RecordingLog();
    static Pipeline pipeline;
    static Path generated;
    static int batchCount;
    static RedshiftStartupProxy proxy;
    static final SqlResources sql = new SqlResources();
    /** The same schema without its fast full build: insert-dw always merges, an empty star too. */
    static Pipeline merging;

    @BeforeAll
    static void start() throws IOException {
        generated = temp.resolve("generated");
        DataGenerator.Result result =
                new DataGenerator(new DataGenerator.Settings(11, 100, 3_000, generated), line -> { }).generate();
        assertTrue(result.matchedPlays() > 0 && result.matchedPlays() < result.nextSongEvents(), result.toString());
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, sql, log);
        SchemaArtifact mergeOnly = SchemaArtifact.copyOfShipped(temp.resolve("merge-only"));
        mergeOnly.write("schema.properties", mergeOnly.read("schema.properties")
                .replaceAll("(?m)^fast_build\\..*$", ""));
        assertTrue(mergeOnly.resources().declaration().fastBuildSessions().isEmpty());
        merging = new Pipeline(dw.warehouse, mergeOnly.resources(), log);
        try (Connection connection = dw.warehouse.connect()) {
            int port = Integer.parseInt(connection.getMetaData().getURL().replaceAll(".*:(\\d+)/.*", "$1"));
            proxy = RedshiftStartupProxy.start("localhost", port);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        dw.close();
    }

    /**
     * The Redshift dialect's insert_dw, run on PostgreSQL through the Redshift driver and the start-up proxy (as in
     * TimeDimensionTest), merges batches in any order into the star the PostgreSQL dialect's full load gives.
     */
    @Test
    void theRedshiftDialectMergesBatchesInAnyOrderIntoTheSameStar() throws IOException {
        Map<String, List<String>> full = fullLoad(generated);
        List<Batch> shuffled = new ArrayList<>(batches(generated));
        Collections.shuffle(shuffled, new Random(4));
        Map<String, List<Batch>> orders = new LinkedHashMap<>();
        orders.put("shuffled 4", shuffled);
        orders.put("songs after their plays", songsLast(batches(generated)));
        try (Warehouse redshift = Warehouses.open(new WarehouseSettings(proxy.jdbcUrl("postgres") + "?ssl=false",
                "postgres", null, null), log)) {
            assertEquals(Dialect.REDSHIFT, redshift.dialect());
            Pipeline onRedshift = new Pipeline(redshift, sql, log);
            for (Map.Entry<String, List<Batch>> order : orders.entrySet()) {
                pipeline.createTables(true);
                for (Batch batch : order.getValue()) {
                    stage(batch);
                    historyAs(Dialect.REDSHIFT);
                    onRedshift.insertDw();
                    historyAs(Dialect.POSTGRES);
                }
                assertSameStar(full, star(), "redshift, " + order.getKey());
            }
        }
    }

    /** Makes the schema history carry the checksums of this dialect's migrations, as a deployment there would. */
    private static void historyAs(Dialect dialect) {
        for (Migration migration : sql.migrations(dialect)) {
            dw.execute("UPDATE sparkfy_dw_schema_history SET checksum = " + migration.checksum()
                    + " WHERE version = '" + migration.version() + "'");
        }
    }

    /**
     * The fast full build (insert-dw into an empty star) gives row for row what the merge gives into the same empty
     * star, side tables and users_history included, on generated data and on the public sample.
     */
    @Test
    void theFastFullBuildGivesTheMergesStar() {
        for (Path data : List.of(generated, SampleData.udacitySmall())) {
            int from = log.lines.size();
            Map<String, List<String>> fast = fullLoad(data);
            assertTrue(log.lines.subList(from, log.lines.size()).stream().anyMatch(l -> l.contains(
                    "the star is empty: building it whole from staging (the fast full build)")), log.text());
            from = log.lines.size();
            merging.createTables(true);
            merging.loadStaging(sources(data.resolve("log_data"), data.resolve("song_data")));
            merging.insertDw();
            assertTrue(log.lines.subList(from, log.lines.size()).stream().noneMatch(l -> l.contains(
                    "fast full build")), log.text());
            assertSameStar(star(), fast, "fast full build of " + data.getFileName());
        }
    }

    /** The Redshift dialect's fast build (one session, into the star's own tables) gives the same star. */
    @Test
    void theRedshiftDialectsFastBuildGivesTheSameStar() {
        Map<String, List<String>> full = fullLoad(generated);
        try (Warehouse redshift = Warehouses.open(new WarehouseSettings(proxy.jdbcUrl("postgres") + "?ssl=false",
                "postgres", null, null), log)) {
            pipeline.createTables(true);
            pipeline.loadStaging(sources(generated.resolve("log_data"), generated.resolve("song_data")));
            int from = log.lines.size();
            historyAs(Dialect.REDSHIFT);
            new Pipeline(redshift, sql, log).insertDw();
            historyAs(Dialect.POSTGRES);
            List<String> lines = log.lines.subList(from, log.lines.size());
            assertTrue(lines.stream().anyMatch(l -> l.contains("fast_build_users filled time, user_levels, users,"
                    + " users_history in")), log.text());
            assertSameStar(full, star(), "redshift fast build");
        }
    }

    @Test
    void generatedDataInAnyOrderOfDailyBatchesGivesTheFullLoadsStar() throws IOException {
        Path data = generated;
        Map<String, List<String>> full = fullLoad(data);
        assertTrue(Integer.parseInt(full.get("users_history").size() + "") > Integer.parseInt(
                full.get("users").size() + ""), "some users change level");
        assertHistoryIsTheLevelChangesOfTheEvents(data);
        List<Batch> byDay = batches(data);
        assertOrdersGiveTheFullLoad(full, byDay, List.of(1L, 2L));
    }

    @Test
    void thePublicSampleInAnyOrderOfDailyBatchesGivesTheFullLoadsStar() throws IOException {
        Path data = SampleData.udacitySmall();
        Map<String, List<String>> full = fullLoad(data);
        assertHistoryIsTheLevelChangesOfTheEvents(data);
        assertOrdersGiveTheFullLoad(full, batches(data), List.of(3L));
    }

    /**
     * V3 brings an existing warehouse along: after a full load, its side tables and users_history emptied (as a
     * warehouse from before V3 would be), V3's backfill from staging and songplays gives them back row for row.
     */
    @Test
    void theV3BackfillGivesWhatInsertDwWouldHaveKept() {
        Map<String, List<String>> full = fullLoad(generated);
        for (String table : List.of("users_history", "user_levels", "songplays_unmatched")) {
            dw.execute("DELETE FROM " + table);
        }
        Migration v3 = sql.migrations(Dialect.POSTGRES).get(2);
        assertEquals("V3__incremental_star.sql", v3.script());
        v3.statements().forEach(statement -> dw.execute(statement.sql()));
        assertSameStar(full, star(), "V3 backfill");
    }

    /**
     * A late event at the very instant a period starts, ranking before the stored one (a higher session) with the
     * previous period's level: that period is extended over it, as one load of both batches has it.
     */
    @Test
    void aLateEventAtAPeriodsFirstInstantMergesItIntoThePeriodBefore() {
        String first = "(1, 'free', '2018-11-01 10:00:00', 5), (1, 'paid', '2018-11-02 10:00:00', 6),"
                + " (1, 'paid', '2018-11-03 10:00:00', 7)";
        String late = "(1, 'free', '2018-11-02 10:00:00', 9)";
        pipeline.createTables(true);
        stageEvents(first + ", " + late);
        pipeline.insertDw();
        Map<String, List<String>> full = star();
        assertEquals(List.of("1|free|A|B|F|2018-11-01 10:00:00|2018-11-03 10:00:00|f|",
                "1|paid|A|B|F|2018-11-03 10:00:00|null|t|"), full.get("users_history"));
        pipeline.createTables(true);
        stageEvents(first);
        pipeline.insertDw();
        stageEvents(late);
        pipeline.insertDw();
        assertSameStar(full, star(), "late event at a period's start");
    }

    private static void stageEvents(String userLevelTsSession) {
        dw.execute("DELETE FROM staging_events");
        dw.execute("DELETE FROM staging_songs");
        dw.execute("INSERT INTO staging_events (userid, level, ts, sessionid, page, firstname, lastname, gender)"
                + " SELECT v.userid, v.level, CAST(v.ts AS TIMESTAMP), v.sessionid, 'NextSong', 'A', 'B', 'F'"
                + " FROM (VALUES " + userLevelTsSession
                + ") AS v (userid, level, ts, sessionid)");
    }

    @Test
    void aSecondInsertDwOverTheSameBatchWritesNothing() throws IOException {
        List<Batch> byDay = batches(generated);
        pipeline.createTables(true);
        for (Batch batch : byDay.subList(0, 3)) {
            load(batch);
        }
        Map<String, List<String>> once = star();
        int from = log.lines.size();
        pipeline.insertDw();
        assertEquals(once, star());
        List<String> second = List.copyOf(log.lines.subList(from, log.lines.size()));
        assertTrue(second.contains("INFO nothing new in staging since the last insert-dw: the star is left as it is"),
                String.join("\n", second));
        assertEquals(List.of(), second.stream().filter(l -> l.contains(" rows written")).toList(), "no step ran");

        // The steps themselves are idempotent too: with the staging state forgotten, every one runs, writing nothing.
        dw.execute("UPDATE sparkfy_dw_staging_state SET merged_run_id = NULL, merged_at = NULL");
        from = log.lines.size();
        pipeline.insertDw();
        assertEquals(once, star());
        List<String> written = log.lines.subList(from, log.lines.size()).stream()
                .filter(l -> l.contains(" rows written")).toList();
        assertFalse(written.isEmpty(), log.text());
        assertEquals(List.of(), written.stream().filter(l -> !l.matches("INFO \\w+: 0 rows written.*")).toList());
    }

    /**
     * As a team runs it: one folder that gains a day at a time, load-stg loading what is new and insert-dw after
     * each. A staging table with nothing new keeps what the last run merged, and insert-dw leaves its steps out:
     * the star is still the full load's, also with the songs arriving after all of their plays.
     */
    @Test
    void aFolderGainingADayAtATimeGivesTheFullLoadsStarLeavingOutWhatWasMerged() throws IOException {
        Map<String, List<String>> full = fullLoad(generated);
        Map<String, List<Batch>> orders = new LinkedHashMap<>();
        orders.put("by day", batches(generated));
        orders.put("songs after their plays", songsLast(batches(generated)));
        for (Map.Entry<String, List<Batch>> order : orders.entrySet()) {
            Path folder = temp.resolve("daily-" + (++batchCount));
            Path logs = Files.createDirectories(folder.resolve("log_data"));
            Path songs = Files.createDirectories(folder.resolve("song_data"));
            pipeline.createTables(true);
            int from = log.lines.size();
            for (Batch batch : order.getValue()) {
                copy(batch.logFiles, logs);
                copy(batch.songFiles, songs);
                List<StagingSource> sources = new ArrayList<>(sources(logs, songs));
                if (files(songs).isEmpty()) {
                    sources.remove(1); // no song file has come yet
                }
                pipeline.loadStaging(sources);
                pipeline.insertDw();
            }
            assertSameStar(full, star(), "one folder, " + order.getKey());
            String text = String.join("\n", log.lines.subList(from, log.lines.size()));
            // By day the song files stop coming after a few days; with the songs last, the log files have all come.
            String stale = order.getKey().equals("by day") ? "staging_songs" : "staging_events";
            assertTrue(text.matches("(?s).*INFO " + stale + " holds load [-0-9a-f]+ \\([\\d,]+ rows\\), merged by"
                    + " insert-dw run [-0-9a-f]+ at [-0-9T:]+ UTC: its steps are left out\n.*"), text);
        }
    }

    /** Each order: recreate the schema, then load-stg + insert-dw per batch; the star must be the full load's. */
    private static void assertOrdersGiveTheFullLoad(Map<String, List<String>> full, List<Batch> byDay,
                                                    List<Long> seeds) throws IOException {
        Map<String, List<Batch>> orders = new LinkedHashMap<>();
        orders.put("by day", byDay);
        List<Batch> reversed = new ArrayList<>(byDay);
        Collections.reverse(reversed);
        orders.put("reversed", reversed);
        for (long seed : seeds) {
            List<Batch> shuffled = new ArrayList<>(byDay);
            Collections.shuffle(shuffled, new Random(seed));
            orders.put("shuffled " + seed, shuffled);
        }
        orders.put("songs after their plays", songsLast(byDay));
        for (Map.Entry<String, List<Batch>> order : orders.entrySet()) {
            pipeline.createTables(true);
            for (Batch batch : order.getValue()) {
                load(batch);
            }
            assertSameStar(full, star(), order.getKey());
        }
    }

    /** Table for table, the rows one side has and the other lacks (at most ten each). */
    private static void assertSameStar(Map<String, List<String>> full, Map<String, List<String>> incremental,
                                       String order) {
        assertEquals(full.keySet(), incremental.keySet());
        for (String table : full.keySet()) {
            List<String> missing = new ArrayList<>(full.get(table));
            missing.removeAll(incremental.get(table));
            List<String> extra = new ArrayList<>(incremental.get(table));
            extra.removeAll(full.get(table));
            assertEquals(full.get(table).size() + " rows, missing [], extra []",
                    incremental.get(table).size() + " rows, missing " + missing.stream().limit(10).toList()
                            + ", extra " + extra.stream().limit(10).toList(),
                    order + ": " + table + " differs from the full load's");
            if (missing.isEmpty() && extra.isEmpty()) {
                assertEquals(full.get(table), incremental.get(table), order + ": " + table + " (duplicates)");
            }
        }
    }

    /** One load of everything into the empty star (so the fast full build), then the star as sorted rows per table. */
    private static Map<String, List<String>> fullLoad(Path data) {
        pipeline.createTables(true);
        pipeline.loadStaging(sources(data.resolve("log_data"), data.resolve("song_data")));
        pipeline.insertDw();
        Map<String, List<String>> star = star();
        assertTrue(star.get("songplays").size() > 0 && star.get("users_history").size() > 0, star.keySet().toString());
        return star;
    }

    private static void load(Batch batch) throws IOException {
        stage(batch);
        pipeline.insertDw();
    }

    /** load-stg of only the batch's files, copied to a folder of their own. */
    private static void stage(Batch batch) throws IOException {
        Path folder = temp.resolve("batch-" + (++batchCount));
        Path logs = copy(batch.logFiles, folder.resolve("log_data"));
        Path songs = copy(batch.songFiles, folder.resolve("song_data"));
        List<StagingSource> sources = new ArrayList<>(sources(logs, songs));
        // Staging holds the batch only: a batch without song files (or logs) leaves that staging table empty.
        if (batch.songFiles.isEmpty()) {
            sources.remove(1);
            dw.execute("DELETE FROM staging_songs");
        }
        if (batch.logFiles.isEmpty()) {
            sources.remove(0);
            dw.execute("DELETE FROM staging_events");
        }
        pipeline.loadStaging(sources);
    }

    private static Path copy(List<Path> files, Path folder) throws IOException {
        Files.createDirectories(folder);
        for (Path file : files) {
            Files.copy(file, folder.resolve(file.getFileName()));
        }
        return folder;
    }

    private static List<StagingSource> sources(Path logs, Path songs) {
        return List.of(
                new StagingSource("staging_events", logs.toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", songs.toString(), CopyOptions.auto()));
    }

    record Batch(List<Path> logFiles, List<Path> songFiles) {}

    /** One batch per log file (a day), by day; song group g rides along with day g. */
    private static List<Batch> batches(Path data) throws IOException {
        List<Path> logs = files(data.resolve("log_data"));
        List<Path> songs = files(data.resolve("song_data"));
        List<List<Path>> groups = new ArrayList<>();
        for (int g = 0; g < SONG_GROUPS; g++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < songs.size(); i++) {
            groups.get(i % SONG_GROUPS).add(songs.get(i));
        }
        List<Batch> batches = new ArrayList<>();
        for (int day = 0; day < logs.size(); day++) {
            batches.add(new Batch(List.of(logs.get(day)), day < SONG_GROUPS ? groups.get(day) : List.of()));
        }
        assertTrue(batches.size() > SONG_GROUPS, "too few days: " + batches.size());
        return batches;
    }

    /** The days without songs first, by day; then the song groups alone, after every play they match. */
    private static List<Batch> songsLast(List<Batch> byDay) {
        List<Batch> order = new ArrayList<>();
        for (Batch batch : byDay) {
            order.add(new Batch(batch.logFiles, List.of()));
        }
        for (Batch batch : byDay) {
            if (!batch.songFiles.isEmpty()) {
                order.add(new Batch(List.of(), batch.songFiles));
            }
        }
        return order;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    /** Every star table (as declared) as its rows, each all columns but songplay_id, sorted. */
    private static Map<String, List<String>> star() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : sql.declaration().starTables()) {
            List<String> rows = new ArrayList<>();
            try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (!meta.getColumnName(i).equals("songplay_id")) {
                            row.append(rs.getString(i)).append('|');
                        }
                    }
                    rows.add(row.toString());
                }
                connection.rollback();
            } catch (java.sql.SQLException e) {
                throw new AssertionError(table + ": " + e.getMessage(), e);
            }
            Collections.sort(rows);
            tables.put(table, rows);
        }
        return tables;
    }

    /**
     * The periods of users_history, computed here from the log files for the users who change level most: a
     * period starts at each event whose level differs from the user's previous event by ts.
     */
    private static void assertHistoryIsTheLevelChangesOfTheEvents(Path data) throws IOException {
        Map<Integer, TreeMap<Long, String>> levels = new TreeMap<>();
        for (Path file : files(data.resolve("log_data"))) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = EVENT.matcher(line);
                if (m.find()) {
                    levels.computeIfAbsent(Integer.parseInt(m.group(3)), u -> new TreeMap<>())
                            .put(Long.parseLong(m.group(2)), m.group(1));
                }
            }
        }
        Map<Integer, List<String>> expected = new TreeMap<>();
        for (Map.Entry<Integer, TreeMap<Long, String>> user : levels.entrySet()) {
            List<Long> starts = new ArrayList<>();
            List<String> runLevels = new ArrayList<>();
            for (Map.Entry<Long, String> event : user.getValue().entrySet()) {
                if (runLevels.isEmpty() || !runLevels.get(runLevels.size() - 1).equals(event.getValue())) {
                    starts.add(event.getKey());
                    runLevels.add(event.getValue());
                }
            }
            List<String> periods = new ArrayList<>();
            for (int i = 0; i < starts.size(); i++) {
                periods.add(runLevels.get(i) + " " + time(starts.get(i)) + " - "
                        + (i + 1 < starts.size() ? time(starts.get(i + 1)) : "current"));
            }
            expected.put(user.getKey(), periods);
        }
        List<Integer> changing = expected.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .sorted((a, b) -> b.getValue().size() - a.getValue().size()).limit(3).map(Map.Entry::getKey).toList();
        assertFalse(changing.isEmpty(), "no user changes level");
        for (int user : changing) {
            List<String> actual = new ArrayList<>();
            try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT level, valid_from, valid_to, is_current"
                         + " FROM users_history WHERE user_id = " + user + " ORDER BY valid_from")) {
                while (rs.next()) {
                    LocalDateTime to = rs.getObject(3, LocalDateTime.class);
                    assertEquals(to == null, rs.getBoolean(4), "is_current is the open period");
                    actual.add(rs.getString(1) + " " + rs.getObject(2, LocalDateTime.class) + " - "
                            + (to == null ? "current" : to));
                }
                connection.rollback();
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e.getMessage(), e);
            }
            assertEquals(expected.get(user), actual, "user " + user);
        }
    }

    private static String time(long epochMillis) {
        return LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
    }
}
