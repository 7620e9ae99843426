package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        assertTrue(log.text().contains("staging_events: 8,056 rows from 30 files"), log.text());
        assertTrue(log.text().contains("staging: 8,127 rows from 101 files"), "the load's one-line total:\n" + log.text());
    }

    @Test
    void valuesKeepTheirQuirks() {
        pipeline.loadStaging(sources);
        // "" userId loads as NULL; float registration keeps its digits; ts keeps its milliseconds.
        assertEquals(286, dw.count("staging_events WHERE userid IS NULL"));
        assertEquals("1540919166796.0", dw.string("SELECT registration FROM staging_events"
                + " WHERE ts = '2018-11-01 20:57:10.796'"));
        assertEquals(8056, dw.count("staging_events WHERE ts IS NOT NULL AND ts::text LIKE '%.%'")
                + dw.count("staging_events WHERE ts::text NOT LIKE '%.%'"));
        assertTrue(dw.count("staging_events WHERE useragent LIKE '\"%\"'") > 0, "userAgent keeps its quotes");
        assertTrue(dw.count("staging_events WHERE song ~ '[^\\x01-\\x7F]'") > 0, "non-ASCII titles survive");
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
        return expected;
    }
}
