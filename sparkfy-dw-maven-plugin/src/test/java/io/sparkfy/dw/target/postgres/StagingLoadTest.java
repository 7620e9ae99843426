package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The COPY emulation on the embedded warehouse: layouts, conversions, and bad input that changes nothing. */
class StagingLoadTest {

    private static final String SONG = "{\"num_songs\": 1, \"artist_id\": \"AR1\", \"artist_latitude\": null, "
            + "\"artist_longitude\": null, \"artist_location\": \"\", \"artist_name\": \"Björk\", "
            + "\"song_id\": \"SO%d\", \"title\": \"T%d\", \"duration\": 218.93179, \"year\": 0}";
    private static final String EVENT = "{\"artist\":\"A\",\"auth\":\"Logged In\",\"firstName\":\"Walter\","
            + "\"gender\":\"M\",\"itemInSession\":%d,\"lastName\":\"Frye\",\"length\":246.30812,\"level\":\"free\","
            + "\"location\":\"SF\",\"method\":\"PUT\",\"page\":\"NextSong\",\"registration\":1540919166796.0,"
            + "\"sessionId\":38,\"song\":\"S\",\"status\":200,\"ts\":1541105830796,\"userAgent\":\"\\\"UA\\\"\","
            + "\"userId\":\"39\"}";

    @TempDir
    static Path shared;
    static EmbeddedWarehouse dw;
    static Pipeline pipeline;
    static RecordingLog log = new RecordingLog();

    @TempDir
    Path data;

    @BeforeAll
    static void start() {
        dw = new EmbeddedWarehouse(shared.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @BeforeEach
    void freshTables() {
        pipeline.createTables(true);
    }

    @Test
    void songsLoadWhateverTheLayout() throws IOException {
        write("a/one.json", String.format(SONG, 1, 1));                                   // no trailing newline
        write("a/b/two.json", String.format(SONG, 2, 2) + " " + String.format(SONG, 3, 3) + "\n"); // two on a line
        write("pretty.json", String.format(SONG, 4, 4).replace(", ", ",\n    ").replace("{", "{\n  ") + "\n\n");
        write(".hidden.json", "not json at all");
        pipeline.loadStaging(List.of(songs(data)));
        assertEquals(4, dw.count("staging_songs"));
        assertEquals("Björk", dw.string("SELECT DISTINCT artist_name FROM staging_songs"));
        assertEquals(0, dw.count("staging_songs WHERE year IS NULL"));
    }

    @Test
    void jsonAutoMatchesColumnNamesCaseSensitivelyAndIgnoresUnknownKeys() throws IOException {
        write("s.json", "{\"song_id\": \"SO1\", \"Title\": \"upper-case key\", \"extra\": {\"nested\": [1,2]}}");
        pipeline.loadStaging(List.of(songs(data)));
        assertEquals(1, dw.count("staging_songs WHERE song_id = 'SO1' AND title IS NULL AND year IS NULL"));
    }

    @Test
    void eventsConvertAsRedshiftDoes() throws IOException {
        write("2018/11/e.json", String.format(EVENT, 0) + "\n" + String.format(EVENT, 1)
                .replace("\"userId\":\"39\"", "\"userId\":\"\"").replace("\"firstName\":\"Walter\"", "\"firstName\":null"));
        pipeline.loadStaging(List.of(events(data, "classpath:" + SqlResources.LOG_JSON_PATHS)));
        assertEquals(2, dw.count("staging_events"));
        assertEquals("2018-11-01 20:57:10.796", dw.string("SELECT DISTINCT ts::text FROM staging_events"));
        assertEquals("1540919166796.0", dw.string("SELECT DISTINCT registration::text FROM staging_events"));
        assertEquals(1, dw.count("staging_events WHERE userid IS NULL AND firstname IS NULL"));
        assertEquals("\"UA\"", dw.string("SELECT DISTINCT useragent FROM staging_events"));
    }

    @Test
    void nestedPathsArrayIndexesAndStructuresLoadThroughJsonPaths() throws IOException {
        dw.execute("CREATE TABLE IF NOT EXISTS nested_target (a VARCHAR(64), b INTEGER, c VARCHAR(256), d BIGINT)");
        write("paths/paths.json", "{\"jsonpaths\": [\"$.x.y\", \"$['arr'][1]\", \"$.obj\", \"$[\\\"q\\\"]\"]}");
        write("data/n.json", "{\"x\": {\"y\": \"deep\"}, \"arr\": [10, 20, 30], \"obj\": {\"k\": [true, null]},"
                + " \"q\": 5}\n{\"x\": 1, \"arr\": [], \"q\": \"\"}");
        pipeline.loadStaging(List.of(new StagingSource("nested_target", data.resolve("data").toString(),
                CopyOptions.jsonPaths(data.resolve("paths/paths.json").toString(), TimeFormat.AUTO))));
        assertEquals("deep|20|{\"k\":[true,null]}|5", dw.string("SELECT a || '|' || b || '|' || c || '|' || d"
                + " FROM nested_target WHERE a IS NOT NULL"));
        assertEquals(1, dw.count("nested_target WHERE a IS NULL AND b IS NULL AND c IS NULL AND d IS NULL"));
        dw.execute("DROP TABLE nested_target");
    }

    @Test
    void aJsonPathsFileInsideTheDataFolderIsRefusedAsRedshiftWouldReadItAsData() throws IOException {
        write("log_json_path.json", new String(getClass().getClassLoader()
                .getResourceAsStream(SqlResources.LOG_JSON_PATHS).readAllBytes(), StandardCharsets.UTF_8));
        write("2018/11/e.json", String.format(EVENT, 0));
        // Skipping it here would load what Redshift's COPY cannot: the source is refused as it is made.
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> events(data, data.resolve("log_json_path.json").toString()));
        assertTrue(e.getMessage().startsWith("staging_events: the JSONPaths location " + data.resolve(
                "log_json_path.json") + " lies under the data location " + data + ", so Redshift's COPY would read"
                + " the JSONPaths file as a data file"), e.getMessage());
        pipeline.loadStaging(List.of(events(data.resolve("2018"), data.resolve("log_json_path.json").toString())));
        assertEquals(1, dw.count("staging_events"));
    }

    @Test
    void malformedJsonFailsWithFileLineAndColumnAndKeepsStaging() throws IOException {
        loadGoodSongs();
        Path bad = Files.createDirectories(data.resolve("bad"));
        Files.writeString(bad.resolve("a.json"), String.format(SONG, 9, 9));
        Files.writeString(bad.resolve("b.json"), "{\"song_id\": \"SO8\"}\n{\"song_id\": \"SO7\",, \"title\": 1}");
        LoadException e = assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(songs(bad))));
        assertEquals("b.json", e.file());
        assertEquals(2, e.line());
        assertEquals(19, e.column()); // the second comma
        assertTrue(e.getMessage().startsWith("b.json, line 2, column 19: malformed JSON"), e.getMessage());
        assertEquals(3, dw.count("staging_songs"), "staging keeps its previous content");
    }

    @Test
    void truncatedJsonFails() throws IOException {
        loadGoodSongs();
        Path bad = Files.createDirectories(data.resolve("bad"));
        Files.writeString(bad.resolve("t.json"), "{\"song_id\": \"SO8\", \"title\": \"cut");
        LoadException e = assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(songs(bad))));
        assertTrue(e.getMessage().startsWith("t.json, line 1, column "), e.getMessage());
        assertEquals(3, dw.count("staging_songs"));
    }

    @Test
    void aWrongTypeNamesTheColumnAndWhereTheValueIs() throws IOException {
        loadGoodSongs();
        Path bad = Files.createDirectories(data.resolve("bad"));
        Files.writeString(bad.resolve("w.json"), "{\"song_id\": \"SO8\",\n  \"year\": \"nineteen\"}");
        LoadException e = assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(songs(bad))));
        assertEquals("w.json, line 2, column 11: column year (smallint): Invalid digit, Value 'nineteen',"
                + " Type: smallint [Redshift load error 1207]", e.getMessage());
        assertEquals(3, dw.count("staging_songs"));
    }

    @Test
    void aFailureInTheSecondTableRollsBackTheFirst() throws IOException {
        write("events/e.json", String.format(EVENT, 0));
        write("songs/s.json", String.format(SONG, 1, 1));
        pipeline.loadStaging(List.of(events(data.resolve("events"), "classpath:" + SqlResources.LOG_JSON_PATHS),
                songs(data.resolve("songs"))));
        write("events2/e.json", String.format(EVENT, 0) + "\n" + String.format(EVENT, 1));
        write("songs2/s.json", "{\"song_id\": 5}{");
        assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(
                events(data.resolve("events2"), "classpath:" + SqlResources.LOG_JSON_PATHS),
                songs(data.resolve("songs2")))));
        assertEquals(1, dw.count("staging_events"), "the events loaded before the failure are rolled back");
        assertEquals(1, dw.count("staging_songs"));
    }

    @Test
    void aLaterTableParsedBeforeItsCopyGoesThroughTheTemporaryFileAndArrivesWhole() throws Exception {
        // Enough songs, and long enough, that their COPY rows (some 140 bytes each) pass the 8 MB held in memory
        // before their turn.
        int events = 60_000;
        int songs = 90_000;
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < events; i++) {
            json.append(String.format(EVENT, i)).append('\n');
        }
        write("events/e.json", json.toString());
        json.setLength(0);
        for (int i = 0; i < songs; i++) {
            json.append(String.format(SONG, i, i).replace("\"artist_location\": \"\"",
                    "\"artist_location\": \"" + "x".repeat(64) + "\"")).append('\n');
        }
        write("songs/s.json", json.toString());
        // Each producer says at its end how much went through its temporary file.
        CompletableFuture<String> songsParsed = new CompletableFuture<>();
        RecordingLog own = new RecordingLog();
        Log watching = new Log() {
            @Override public void info(String message) { own.info(message); }
            @Override public void warn(String message) { own.warn(message); }
            @Override public void debug(String message) {
                own.debug(message);
                if (message.startsWith("staging_songs: ") && message.contains("temporary file")) {
                    songsParsed.complete(message);
                }
            }
        };
        Pipeline withLog = new Pipeline(dw.warehouse, new SqlResources(), watching);
        List<LoadStats> stats;
        // A reader of staging_events holds the events' TRUNCATE, so no COPY reads before both tables are parsed
        // whole: the songs' rows cannot all stay in memory.
        try (Connection reader = dw.warehouse.connect(); Statement lock = reader.createStatement()) {
            reader.setAutoCommit(false);
            lock.execute("LOCK TABLE staging_events IN ACCESS SHARE MODE");
            CompletableFuture<List<LoadStats>> load = CompletableFuture.supplyAsync(() -> withLog.loadStaging(
                    List.of(events(data.resolve("events"), "classpath:" + SqlResources.LOG_JSON_PATHS),
                            songs(data.resolve("songs")))));
            // a load that fails early ends the wait too; the bound turns a hang into a failure
            CompletableFuture.anyOf(songsParsed, load).get(300, TimeUnit.SECONDS);
            reader.commit();
            stats = load.join();
        }
        Matcher spilled = Pattern.compile("staging_songs: ([\\d,]+) chunks \\([\\d.,]+ MB\\) of rows parsed ahead"
                + " went through a temporary file").matcher(songsParsed.getNow(""));
        assertTrue(spilled.matches(), own.text());
        assertTrue(Long.parseLong(spilled.group(1).replaceAll("\\D", "")) > 0, spilled.group());
        assertEquals(List.of((long) events, (long) songs), stats.stream().map(LoadStats::rows).toList());
        assertEquals(events, dw.count("staging_events"));
        assertEquals(songs, dw.longValue("SELECT COUNT(DISTINCT song_id) FROM staging_songs"));
        assertEquals((long) songs * (songs - 1) / 2,
                dw.longValue("SELECT SUM(SUBSTRING(title FROM 2)::BIGINT) FROM staging_songs"));
        assertEquals((long) events * (events - 1) / 2, dw.longValue("SELECT SUM(iteminsession) FROM staging_events"));
    }

    @Test
    void aLaterTablesFailureStopsTheLoadAndChangesNothing() throws IOException {
        loadGoodSongs();
        StringBuilder json = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            json.append(String.format(EVENT, i)).append('\n');
        }
        write("events/e.json", json.toString());
        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline.loadStaging(List.of(
                events(data.resolve("events"), "classpath:" + SqlResources.LOG_JSON_PATHS),
                songs(data.resolve("no-songs")))));
        assertTrue(e.getMessage().contains("no-songs: no such file or folder"), e.getMessage());
        assertEquals(0, dw.count("staging_events"));
        assertEquals(3, dw.count("staging_songs"));
    }

    @Test
    void missingSourcesAndBadJsonPathsFilesAreClearErrors() throws IOException {
        SparkfyException missing = assertThrows(SparkfyException.class,
                () -> pipeline.loadStaging(List.of(songs(data.resolve("nope")))));
        assertTrue(missing.getMessage().contains("nope: no such file or folder"), missing.getMessage());

        Files.createDirectories(data.resolve("empty"));
        SparkfyException empty = assertThrows(SparkfyException.class,
                () -> pipeline.loadStaging(List.of(songs(data.resolve("empty")))));
        assertTrue(empty.getMessage().contains("holds no files"), empty.getMessage());

        write("e/e.json", String.format(EVENT, 0));
        write("short.json", "{\"jsonpaths\": [\"$.artist\", \"$.auth\"]}");
        LoadException shortPaths = assertThrows(LoadException.class, () -> pipeline.loadStaging(
                List.of(events(data.resolve("e"), data.resolve("short.json").toString()))));
        assertTrue(shortPaths.getMessage().contains("has 2 paths but staging_events has 18 columns"),
                shortPaths.getMessage());

        write("bad.json", "{\"jsonpaths\": [\"$.artist\" \"$.auth\"]}");
        LoadException badPaths = assertThrows(LoadException.class, () -> pipeline.loadStaging(
                List.of(events(data.resolve("e"), data.resolve("bad.json").toString()))));
        assertTrue(badPaths.getMessage().startsWith(data.resolve("bad.json") + ", line 1, column 27: malformed"),
                badPaths.getMessage());

        write("other.json", "{\"paths\": [\"$.artist\"]}");
        LoadException otherKey = assertThrows(LoadException.class, () -> pipeline.loadStaging(
                List.of(events(data.resolve("e"), data.resolve("other.json").toString()))));
        assertTrue(otherKey.getMessage().contains("must be \"jsonpaths\""), otherKey.getMessage());
        assertEquals(0, dw.count("staging_events"));
    }

    @Test
    void aStringLongerThanItsVarcharInBytesIsRejected() throws IOException {
        // 17 characters, 34 bytes: fits VARCHAR(32) in PostgreSQL's terms (characters), not in Redshift's (bytes).
        write("s.json", "{\"song_id\": \"" + "é".repeat(17) + "\"}");
        LoadException e = assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(songs(data))));
        assertEquals("s.json, line 1, column 13: column song_id (varchar(32)): String length exceeds DDL length"
                + " (34 bytes > varchar(32)) [Redshift load error 1204]", e.getMessage());
    }

    @Test
    void maxErrorSkipsRecordsAndTheLogListsTheFirstFew() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            lines.append(i % 2 == 0 ? "{\"song_id\": \"S" + i + "\", \"year\": \"bad\"}\n"
                    : "{\"song_id\": \"S" + i + "\"}\n");
        }
        write("s.json", lines.toString());
        RecordingLog own = new RecordingLog();
        Pipeline withLog = new Pipeline(dw.warehouse, new SqlResources(), own);
        withLog.loadStaging(List.of(new StagingSource("staging_songs", data.toString(),
                CopyOptions.builder().maxError(5).build())));
        assertEquals(5, dw.count("staging_songs"));
        assertEquals(5, dw.count("sparkfy_load_errors WHERE table_name = 'staging_songs' AND err_code = 1207"
                + " AND colname = 'year' AND raw_field_value = 'bad' AND raw_line LIKE '{\"song_id\": \"S%'"));
        String log = own.text();
        assertTrue(log.contains("WARN staging_songs: 5 records rejected (MAXERROR 5):"), log);
        assertTrue(log.contains("WARN   s.json, line 2, column 27: column year (smallint): Invalid digit, Value 'bad',"
                + " Type: smallint [Redshift load error 1207]"), log);
        assertTrue(log.contains("WARN   all of them: SELECT * FROM sparkfy_load_errors WHERE table_name ="
                + " 'staging_songs'"), log);
        assertEquals(5, own.lines.stream().filter(l -> l.startsWith("WARN   s.json")).count(), "the first five");
        String query = own.lines.stream().filter(l -> l.startsWith("WARN   all of them: ")).findFirst().orElseThrow()
                .substring("WARN   all of them: ".length()).replace("SELECT *", "SELECT count(*)");
        assertEquals(5, dw.longValue(query), "the query the log shows finds the rejections");
        dw.execute("DROP TABLE sparkfy_load_errors");
    }

    @Test
    void underMaxErrorTheLogShowsTheFirstFiveRejectionsThenTheQueryForAll() throws IOException {
        StringBuilder lines = new StringBuilder();
        List<Integer> bad = List.of(2, 3, 5, 7, 8, 9, 11);
        for (int i = 1; i <= 12; i++) {
            lines.append(String.format(bad.contains(i) ? "{\"song_id\": \"S%02d\", \"year\": \"bad\"}%n"
                    : "{\"song_id\": \"S%02d\"}%n", i));
        }
        write("s.json", lines.toString());
        RecordingLog own = new RecordingLog();
        new Pipeline(dw.warehouse, new SqlResources(), own).loadStaging(List.of(new StagingSource("staging_songs",
                data.toString(), CopyOptions.builder().maxError(10).build())));
        List<String> warnings = own.lines.stream().filter(l -> l.startsWith("WARN ")).toList();
        List<String> expected = new java.util.ArrayList<>(List.of("WARN staging_songs: 7 records rejected (MAXERROR 10):"));
        for (int line : List.of(2, 3, 5, 7, 8)) {
            expected.add("WARN   s.json, line " + line + ", column 28: column year (smallint): Invalid digit, Value"
                    + " 'bad', Type: smallint [Redshift load error 1207]");
        }
        assertEquals(expected, warnings.subList(0, Math.min(6, warnings.size())), own.text());
        assertEquals(7, warnings.size(), own.text());
        String query = warnings.get(6);
        assertTrue(query.matches("WARN   all of them: SELECT \\* FROM sparkfy_load_errors WHERE table_name ="
                + " 'staging_songs' AND starttime = '\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?'"), query);
        assertEquals(7, dw.longValue(query.substring("WARN   all of them: ".length())
                .replace("SELECT *", "SELECT count(*)")), "the query the log shows finds all seven");
        assertEquals(5, dw.count("staging_songs"));
        dw.execute("DROP TABLE sparkfy_load_errors");
    }

    @Test
    void malformedJsonUnderMaxErrorFailsTheLoadAndRecordsNothing() throws IOException {
        CopyOptions maxError = CopyOptions.builder().maxError(10).build();
        Path good = Files.createDirectories(data.resolve("good"));
        Files.writeString(good.resolve("g.json"), "{\"song_id\": \"G1\"}\n{\"song_id\": \"G2\", \"year\": \"bad\"}\n");
        pipeline.loadStaging(List.of(new StagingSource("staging_songs", good.toString(), maxError)));
        assertEquals(1, dw.count(LoadErrors.TABLE));

        // Records rejected before it, then malformed JSON: that is no record to reject, but the end of the load.
        Path bad = Files.createDirectories(data.resolve("bad"));
        Files.writeString(bad.resolve("b.json"), "{\"song_id\": \"S1\", \"year\": \"bad\"}\n{\"song_id\": \"S2\"}\n"
                + "{\"song_id\": \"S3\", \"year\": \"bad\"}\n{\"song_id\": \"S4\",, \"title\": 1}\n{\"song_id\": \"S5\"}\n");
        LoadException e = assertThrows(LoadException.class, () -> pipeline.loadStaging(List.of(
                new StagingSource("staging_songs", bad.toString(), maxError))));
        assertEquals("b.json", e.file());
        assertEquals(4, e.line());
        assertEquals(18, e.column()); // the second comma
        assertTrue(e.getMessage().startsWith("b.json, line 4, column 18: malformed JSON"), e.getMessage());
        assertEquals("G1", dw.string("SELECT string_agg(song_id, ',' ORDER BY song_id) FROM staging_songs"),
                "staging keeps its previous content");
        assertEquals(1, dw.count(LoadErrors.TABLE), "no rejection of the failed load is recorded");
        assertEquals(0, dw.count(LoadErrors.TABLE + " WHERE filename = 'b.json'"));
        dw.execute("DROP TABLE " + LoadErrors.TABLE);
    }

    private void loadGoodSongs() throws IOException {
        Path good = Files.createDirectories(data.resolve("good"));
        for (int i = 1; i <= 3; i++) {
            Files.writeString(good.resolve(i + ".json"), String.format(SONG, i, i));
        }
        pipeline.loadStaging(List.of(songs(good)));
        assertEquals(3, dw.count("staging_songs"));
    }

    private static StagingSource songs(Path folder) {
        return new StagingSource("staging_songs", folder.toString(), CopyOptions.auto());
    }

    private static StagingSource events(Path folder, String jsonPaths) {
        return new StagingSource("staging_events", folder.toString(),
                CopyOptions.jsonPaths(jsonPaths, TimeFormat.EPOCHMILLISECS));
    }

    private void write(String name, String content) throws IOException {
        Path file = data.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
