package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The foundation's acceptance: the whole ETL on the real public sample, on the embedded warehouse. */
class UdacitySampleAcceptanceTest {

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;
    static RecordingLog log = new RecordingLog();
    static Pipeline pipeline;
    static List<StagingSource> sources;

    @BeforeAll
    static void start() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        Path sample = SampleData.udacitySmall();
        sources = List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(),
                        CopyOptions.jsonPaths("classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toUri().toString(), CopyOptions.auto()));
        pipeline.createTables(true);
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @Test
    void etlOnThePublicSampleGivesTheKnownCountsAndIsIdempotent() {
        pipeline.loadStaging(sources);
        pipeline.insertDw();
        Map<String, Long> first = dw.counts();
        assertEquals(expected(), first);
        assertEquals(1, dw.count("songplays WHERE song_id IS NOT NULL"));
        assertEquals("SOZCTXZ12AB0182364|AR5KOSW1187FB35FF4|15|2018-11-21 21:56:47.796",
                dw.string("SELECT song_id || '|' || artist_id || '|' || user_id || '|' || start_time"
                        + " FROM songplays WHERE song_id IS NOT NULL"));

        // A second etl, and insert-dw alone again: nothing changes.
        pipeline.loadStaging(sources);
        pipeline.insertDw();
        pipeline.insertDw();
        assertEquals(first, dw.counts());
        // Every play keeps its event's milliseconds: as many plays with a fraction of a second as the sample's
        // distinct NextSong events (ts, userId, sessionId) have, counted here from the JSON.
        assertEquals(SampleEvent.plays().stream().filter(e -> e.ts() % 1000 != 0).count(),
                dw.count("songplays WHERE start_time <> date_trunc('second', start_time)"));
        assertTrue(log.text().contains("staging_events: 8,056 rows from 30 files"), log.text());
        assertTrue(log.text().contains("staging: 8,127 rows from 101 files"), "the load's one-line total:\n" + log.text());
    }

    /** On the sample, the top songs and artists rest on one play: the report says so beside them. */
    @Test
    void theReportSaysHowFewPlaysMatchedASong() throws IOException {
        pipeline.loadStaging(sources);
        pipeline.insertDw();
        String html = Files.readString(pipeline.report(temp.resolve("report")));
        String rate = "<p class=\"match\" data-matched=\"1\" data-plays=\"6820\">1 of 6,820 plays (0.01 %) matched a"
                + " song of the catalogue (title, artist and length): only those count here.</p>";
        assertEquals(2, html.split(java.util.regex.Pattern.quote(rate), -1).length - 1, "beside the top songs and"
                + " the top artists");
    }

    @Test
    void valuesKeepTheirQuirks() {
        pipeline.loadStaging(sources);
        // "" userId loads as NULL; float registration keeps its digits; ts keeps its milliseconds.
        assertEquals(286, dw.count("staging_events WHERE userid IS NULL"));
        assertEquals("1540919166796.0", dw.string("SELECT registration FROM staging_events"
                + " WHERE ts = '2018-11-01 20:57:10.796'"));
        // As many events with a fraction of a second as the sample's ts values have, and the same milliseconds.
        List<SampleEvent> events = SampleEvent.all();
        assertEquals(8056, events.size());
        assertEquals(events.stream().filter(e -> e.ts() != null && e.ts() % 1000 != 0).count(),
                dw.count("staging_events WHERE ts <> date_trunc('second', ts)"));
        assertEquals(events.stream().filter(e -> e.ts() != null).mapToLong(e -> e.ts() % 1000).sum(),
                dw.longValue("SELECT sum((extract(epoch FROM ts) * 1000)::bigint % 1000) FROM staging_events"));
        assertTrue(dw.count("staging_events WHERE useragent LIKE '\"%\"'") > 0, "userAgent keeps its quotes");
        assertTrue(dw.count("staging_events WHERE song ~ '[^\\x01-\\x7F]'") > 0, "non-ASCII titles survive");
    }

    /** One event of the sample as its JSON has it, read here with Jackson's own parser rather than the loader. */
    private record SampleEvent(Long ts, String page, String userId, Long sessionId) {

        static List<SampleEvent> all() {
            JsonFactory factory = new JsonFactory();
            List<SampleEvent> events = new ArrayList<>();
            try (Stream<Path> files = Files.walk(SampleData.udacitySmall().resolve("log_data"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    try (JsonParser parser = factory.createParser(file.toFile())) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            events.add(read(parser));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return events;
        }

        /** What becomes a songplay: a distinct (ts, userId, sessionId) of a NextSong event that has all three. */
        static Set<SampleEvent> plays() {
            Set<SampleEvent> plays = new HashSet<>();
            for (SampleEvent e : all()) {
                if ("NextSong".equals(e.page()) && e.ts() != null && e.userId() != null && e.sessionId() != null) {
                    plays.add(new SampleEvent(e.ts(), null, e.userId(), e.sessionId()));
                }
            }
            return plays;
        }

        private static SampleEvent read(JsonParser parser) throws IOException {
            Map<String, Object> fields = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                fields.put(name, switch (value) {
                    case VALUE_NUMBER_INT -> parser.getLongValue();
                    case VALUE_STRING -> parser.getText();
                    case VALUE_NULL -> null;
                    default -> {
                        parser.skipChildren();
                        yield parser.getText();
                    }
                });
            }
            String userId = (String) fields.get("userId");
            return new SampleEvent((Long) fields.get("ts"), (String) fields.get("page"),
                    userId == null || userId.isEmpty() ? null : userId, (Long) fields.get("sessionId"));
        }
    }

    private static Map<String, Long> expected() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("staging_events", 8056L);
        expected.put("staging_songs", 71L);
        expected.put("songplays", 6820L);
        expected.put("users", 97L);
        expected.put("songs", 71L);
        expected.put("artists", 69L);
        expected.put("time", 6813L);
        // V3: 97 users' 9 changes of level by ts; the distinct (userId, ts) of the logged-in events; the plays
        // no song matches (all but one), each counted from the JSON with a script.
        expected.put("users_history", 106L);
        expected.put("user_levels", 7752L);
        expected.put("songplays_unmatched", 6819L);
        expected.put("sparkfy_dw_loaded_files", 30L + 71L); // the load ledger: one row per file
        return expected;
    }
}
