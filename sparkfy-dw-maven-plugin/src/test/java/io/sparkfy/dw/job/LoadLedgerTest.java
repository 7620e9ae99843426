package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load ledger on the embedded warehouse, over a copy of the public sample (30 log files, 8,056 events; 71 song
 * files) that each test may change: what a first load records, that a second one changes nothing, that new and
 * replaced files alone are loaded, that reload=all, a glob and a date range pick exactly their files, that a failed
 * load leaves staging and the ledger as they were, and that MAXERROR rejections are counted per file.
 */
class LoadLedgerTest {

    private static final String LEDGER = "sparkfy_dw_loaded_files";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static int runs;

    RecordingLog log;
    Pipeline pipeline;
    Path logData;
    Path songData;

    @BeforeAll
    static void start() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @BeforeEach
    void freshWarehouseAndData() throws IOException {
        log = new RecordingLog();
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(true);
        Path data = temp.resolve("data-" + ++runs);
        Path sample = SampleData.udacitySmall();
        logData = copy(sample.resolve("log_data"), data.resolve("log_data"));
        Files.createDirectories(logData.resolve("2018/12"));
        songData = copy(sample.resolve("song_data"), data.resolve("song_data"));
    }

    @Test
    void aFirstLoadRecordsEveryFileWithItsSizeVersionAndRows() throws IOException {
        pipeline.loadStaging(sources(0));

        assertEquals(8056, dw.count("staging_events"));
        assertEquals(30, dw.count(LEDGER + " WHERE table_name = 'staging_events'"));
        assertEquals(71, dw.count(LEDGER + " WHERE table_name = 'staging_songs'"));
        assertEquals(8056, dw.longValue("SELECT sum(rows_loaded) FROM " + LEDGER
                + " WHERE table_name = 'staging_events'"));
        assertEquals(71, dw.longValue("SELECT sum(rows_loaded) FROM " + LEDGER + " WHERE table_name = 'staging_songs'"));
        assertEquals(0, dw.longValue("SELECT sum(rows_rejected) FROM " + LEDGER));
        assertEquals(1, dw.longValue("SELECT count(DISTINCT run_id) FROM " + LEDGER), "one run loaded them all");
        // Each file as it is on disk: its relative name, size, modification time, and its records.
        Map<String, String> expected = new TreeMap<>();
        for (Path file : files(logData)) {
            expected.put(relative(logData, file), Files.size(file) + "|" + Files.getLastModifiedTime(file).toInstant()
                    + "|" + records(file));
        }
        assertEquals(expected, ledger("staging_events", "object_size || '|' || object_version || '|' || rows_loaded"));
        assertEquals(logData.toString(), dw.string("SELECT DISTINCT source_location FROM " + LEDGER
                + " WHERE table_name = 'staging_events'"));
        Map<String, String> songs = new TreeMap<>();
        for (Path file : files(songData)) {
            songs.put(relative(songData, file), "1");
        }
        assertEquals(songs, ledger("staging_songs", "rows_loaded"), "one song per song file");
    }

    @Test
    void aSecondLoadWithNothingNewChangesNothingAndSaysSo() {
        pipeline.loadStaging(sources(0));
        Map<String, Long> counts = dw.counts();
        Map<String, String> ledger = allLedgerRows();
        String events = filenode("staging_events");
        String songs = filenode("staging_songs");
        log.lines.clear();

        pipeline.loadStaging(sources(0));

        assertEquals(counts, dw.counts());
        assertEquals(ledger, allLedgerRows());
        // No TRUNCATE and no COPY: a TRUNCATE gives the table a new file.
        assertEquals(events, filenode("staging_events"));
        assertEquals(songs, filenode("staging_songs"));
        assertTrue(log.lines.contains("INFO staging_events: nothing new in " + logData + " (30 files already loaded)"),
                log.text());
        assertTrue(log.lines.contains("INFO staging_songs: nothing new in " + songData + " (71 files already loaded)"),
                log.text());
        assertTrue(log.text().contains("staging: nothing new to load"), log.text());
        assertTrue(!log.text().contains("loading"), log.text());
    }

    @Test
    void aNewLogFileIsLoadedAloneAndTheSongsAreLeftAsTheyWere() throws IOException {
        pipeline.loadStaging(sources(0));
        String songs = filenode("staging_songs");
        Map<String, String> before = ledger("staging_events", "run_id");
        Path added = Files.writeString(logData.resolve("2018/12/2018-12-01-events.json"), lines(
                Files.readAllLines(logData.resolve("2018/11/2018-11-03-events.json")).subList(0, 7)),
                java.nio.file.StandardOpenOption.CREATE_NEW);

        pipeline.loadStaging(sources(0));

        assertEquals(7, dw.count("staging_events"), "staging holds just the new file's rows");
        assertEquals(31, dw.count(LEDGER + " WHERE table_name = 'staging_events'"));
        assertEquals("7|" + Files.size(added), dw.string("SELECT rows_loaded || '|' || object_size FROM " + LEDGER
                + " WHERE object_key = '2018/12/2018-12-01-events.json'"));
        Map<String, String> after = ledger("staging_events", "run_id");
        after.remove("2018/12/2018-12-01-events.json");
        assertEquals(before, after, "the files loaded before keep their rows");
        assertEquals(songs, filenode("staging_songs"));
        assertEquals(71, dw.count("staging_songs"));
        assertTrue(log.lines.contains("INFO staging_songs: nothing new in " + songData + " (71 files already loaded)"),
                log.text());
    }

    @Test
    void aFileReplacedInPlaceIsLoadedAgainAndItsRowUpdated() throws IOException {
        pipeline.loadStaging(sources(0));
        Path touched = logData.resolve("2018/11/2018-11-04-events.json");
        String runBefore = dw.string("SELECT run_id FROM " + LEDGER + " WHERE object_key = '2018/11/2018-11-04-events.json'");
        Instant newTime = Files.getLastModifiedTime(touched).toInstant().plusSeconds(3600);
        Files.setLastModifiedTime(touched, FileTime.from(newTime)); // same content, same size: a new version

        pipeline.loadStaging(sources(0));

        assertEquals(records(touched), dw.count("staging_events"));
        assertEquals(30, dw.count(LEDGER + " WHERE table_name = 'staging_events'"));
        assertEquals(newTime.toString(), dw.string("SELECT object_version FROM " + LEDGER
                + " WHERE object_key = '2018/11/2018-11-04-events.json'"));
        assertNotEquals(runBefore, dw.string("SELECT run_id FROM " + LEDGER
                + " WHERE object_key = '2018/11/2018-11-04-events.json'"));
        assertEquals(1, dw.longValue("SELECT count(DISTINCT run_id) FROM " + LEDGER + " WHERE run_id <> '"
                + runBefore + "'"), "only that file's row is the second run's");

        // The same name with other content (another size) is a new version too.
        Files.writeString(touched, lines(Files.readAllLines(touched).subList(0, 3)));
        pipeline.loadStaging(sources(0));
        assertEquals(3, dw.count("staging_events"));
        assertEquals(3, dw.longValue("SELECT rows_loaded FROM " + LEDGER
                + " WHERE object_key = '2018/11/2018-11-04-events.json'"));
    }

    @Test
    void reloadAllLoadsEveryFileAndReplacesTheLedgerRows() {
        pipeline.loadStaging(sources(0));
        String firstRun = dw.string("SELECT min(run_id) FROM " + LEDGER);

        pipeline.loadStaging(sources(0), Reload.ALL);

        assertEquals(8056, dw.count("staging_events"));
        assertEquals(71, dw.count("staging_songs"));
        assertEquals(101, dw.count(LEDGER));
        assertEquals(0, dw.count(LEDGER + " WHERE run_id = '" + firstRun + "'"), "every row is the reload's");
    }

    /** A reload of one table alone replaces its ledger rows and keeps the other's (the ledger is not emptied). */
    @Test
    void reloadAllOfOneTableKeepsTheOthersLedgerRows() {
        pipeline.loadStaging(sources(0));
        Map<String, String> songRows = new java.util.TreeMap<>(allLedgerRows());
        songRows.keySet().removeIf(key -> !key.contains("staging_songs"));

        pipeline.loadStaging(sources(0).subList(0, 1), Reload.ALL);

        Map<String, String> after = new java.util.TreeMap<>(allLedgerRows());
        after.keySet().removeIf(key -> !key.contains("staging_songs"));
        assertEquals(songRows, after);
        assertEquals(101, dw.count(LEDGER));
    }

    /** A full reload empties the ledger in its transaction: failing, it leaves every row as it was. */
    @Test
    void aFailedReloadOfEverythingLeavesTheLedgerAsItWas() throws IOException {
        pipeline.loadStaging(sources(0));
        Map<String, String> ledger = allLedgerRows();
        Files.createDirectories(songData.resolve("Z/Z/Z"));
        Files.writeString(songData.resolve("Z/Z/Z/TRZZZZZ.json"), "{\"num_songs\": 1, \"artist_id\": \n");

        assertThrows(SparkfyException.class, () -> pipeline.loadStaging(sources(0), Reload.ALL));

        assertEquals(ledger, allLedgerRows());
    }

    @Test
    void aGlobLoadsAgainExactlyTheFilesItMatches() throws IOException {
        pipeline.loadStaging(sources(0));

        pipeline.loadStaging(sources(0), Reload.parse("2018/11/2018-11-1*"));

        List<String> expected = new ArrayList<>();
        long rows = 0;
        for (int day = 10; day <= 19; day++) {
            Path file = logData.resolve("2018/11/2018-11-" + day + "-events.json");
            expected.add(relative(logData, file));
            rows += records(file);
        }
        assertEquals(rows, dw.count("staging_events"));
        assertEquals(expected, secondRunFiles());
        assertEquals(71, dw.count("staging_songs"), "no song file matches: the songs are left alone");
    }

    @Test
    void aDateRangeLoadsAgainTheLogFilesOfThoseDays() throws IOException {
        pipeline.loadStaging(sources(0));

        pipeline.loadStaging(sources(0), Reload.parse("2018-11-03..2018-11-05"));

        assertEquals(records(logData.resolve("2018/11/2018-11-03-events.json"))
                + records(logData.resolve("2018/11/2018-11-04-events.json"))
                + records(logData.resolve("2018/11/2018-11-05-events.json")), dw.count("staging_events"));
        assertEquals(List.of("2018/11/2018-11-03-events.json", "2018/11/2018-11-04-events.json",
                "2018/11/2018-11-05-events.json"), secondRunFiles());
    }

    @Test
    void aFailedLoadLeavesStagingAndTheLedgerAsTheyWere() throws IOException {
        pipeline.loadStaging(sources(0));
        Map<String, Long> counts = dw.counts();
        Map<String, String> ledger = allLedgerRows();
        Files.writeString(logData.resolve("2018/12/2018-12-01-events.json"), lines(
                Files.readAllLines(logData.resolve("2018/11/2018-11-03-events.json")).subList(0, 5)),
                java.nio.file.StandardOpenOption.CREATE_NEW);
        // The events' new file loads, and its ledger row is written; then a new song file is malformed, so the
        // whole load rolls back, the events' rows and ledger row with it.
        Files.createDirectories(songData.resolve("Z/Z/Z"));
        Files.writeString(songData.resolve("Z/Z/Z/TRZZZZZ.json"), "{\"num_songs\": 1, \"artist_id\": \n");

        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline.loadStaging(sources(0)));

        assertTrue(e.getMessage().contains("TRZZZZZ.json"), e.getMessage());
        assertTrue(log.text().contains("staging_events: loading 1 file "), log.text());
        assertEquals(counts, dw.counts());
        assertEquals(ledger, allLedgerRows());
    }

    @Test
    void rejectionsUnderMaxErrorAreCountedPerFile() throws IOException {
        pipeline.loadStaging(sources(5));
        List<String> good = Files.readAllLines(logData.resolve("2018/11/2018-11-03-events.json")).subList(0, 4);
        List<String> lines = new ArrayList<>(good);
        lines.add(1, good.get(0).replaceFirst("\"sessionId\":\\d+", "\"sessionId\":\"not a number\""));
        lines.add(3, good.get(0).replaceFirst("\"status\":\\d+", "\"status\":99999999"));
        assertNotEquals(good.get(0), lines.get(1), "the sample's line has a sessionId to spoil");
        Files.writeString(logData.resolve("2018/12/2018-12-01-events.json"), lines(lines),
                java.nio.file.StandardOpenOption.CREATE_NEW);

        pipeline.loadStaging(sources(5));

        assertEquals("4|2", dw.string("SELECT rows_loaded || '|' || rows_rejected FROM " + LEDGER
                + " WHERE object_key = '2018/12/2018-12-01-events.json'"));
        assertEquals(0, dw.longValue("SELECT sum(rows_rejected) FROM " + LEDGER
                + " WHERE object_key <> '2018/12/2018-12-01-events.json'"));
        assertEquals(4, dw.count("staging_events"));
    }

    private List<StagingSource> sources(int maxError) {
        return List.of(
                new StagingSource("staging_events", logData.toString(), CopyOptions.builder()
                        .json(io.sparkfy.dw.copy.JsonFormat.parse("classpath:" + SqlResources.LOG_JSON_PATHS))
                        .timeFormat(TimeFormat.EPOCHMILLISECS).maxError(maxError).build()),
                new StagingSource("staging_songs", songData.toString(), CopyOptions.auto()));
    }

    /** The event files whose ledger row the latest run wrote, by relative name. */
    private List<String> secondRunFiles() {
        String latest = dw.string("SELECT run_id FROM " + LEDGER + " ORDER BY loaded_at DESC LIMIT 1");
        List<String> files = new ArrayList<>();
        query("SELECT object_key FROM " + LEDGER + " WHERE table_name = 'staging_events' AND run_id = '" + latest
                + "' ORDER BY object_key", rs -> files.add(rs.getString(1)));
        assertEquals(30, dw.count(LEDGER + " WHERE table_name = 'staging_events'"));
        return files;
    }

    private static Map<String, String> ledger(String table, String expression) {
        Map<String, String> rows = new TreeMap<>();
        query("SELECT object_key, " + expression + " FROM " + LEDGER + " WHERE table_name = '" + table + "'",
                rs -> rows.put(rs.getString(1), rs.getString(2)));
        return rows;
    }

    private static Map<String, String> allLedgerRows() {
        Map<String, String> rows = new TreeMap<>();
        query("SELECT table_name || source_location || object_key, concat_ws('|', object_size, object_version,"
                + " rows_loaded, rows_rejected, run_id, loaded_at) FROM " + LEDGER,
                rs -> rows.put(rs.getString(1), rs.getString(2)));
        return rows;
    }

    private static String filenode(String table) {
        return dw.string("SELECT pg_relation_filenode('" + table + "')");
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(String sql, Row row) {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
            connection.rollback();
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static long records(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).count();
    }

    private static String lines(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** A writable copy, modification times kept (the sample is read-only). */
    private static Path copy(Path from, Path to) throws IOException {
        for (Path file : files(from)) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            target.toFile().setWritable(true);
        }
        return to;
    }
}
