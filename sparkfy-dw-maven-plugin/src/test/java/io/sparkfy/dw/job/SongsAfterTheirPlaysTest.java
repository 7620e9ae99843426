package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Songs that come after a first load without them: the merge counts the songs and artists it wrote before it
 * matches plays against them. The statistics of the empty tables the first load analyzed said 0 rows, and with
 * nested loops on, the late-songs step then looped over staging for each song: minutes at 100,000 songs, where a
 * fresh count takes milliseconds. A later batch without songs neither counts them again nor names their steps.
 */
class SongsAfterTheirPlaysTest {

    @TempDir
    Path temp;

    @Test
    void theMergeCountsTheSongsItWroteBeforeMatchingPlaysAgainstThem() throws Exception {
        Path data = temp.resolve("data");
        new DataGenerator(new DataGenerator.Settings(5, 40, 900, data), line -> { }).generate();
        Path days = Files.createDirectories(temp.resolve("days/log_data"));
        List<Path> logs;
        try (Stream<Path> files = Files.walk(data.resolve("log_data"))) {
            logs = files.filter(Files::isRegularFile).sorted().toList();
        }
        Files.copy(logs.get(0), days.resolve(logs.get(0).getFileName()));
        StagingSource events = new StagingSource("staging_events", days.toString(), CopyOptions.jsonPaths(
                "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS));
        StagingSource songs = new StagingSource("staging_songs", data.resolve("song_data").toString(),
                CopyOptions.auto());
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            RecordingLog log = new RecordingLog();
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
            pipeline.createTables(true);
            pipeline.loadStaging(List.of(events));
            pipeline.insertDw(); // the fast build, songs and artists empty, analyzed as such
            assertEquals(0, dw.count("songs"));
            assertTrue(reltuples(dw, "songs") <= 0, "the empty songs table's statistics: " + reltuples(dw, "songs"));

            pipeline.loadStaging(List.of(events, songs));
            log.lines.clear();
            pipeline.insertDw();
            assertEquals(40, dw.count("songs"), log.text());
            assertEquals(dw.count("songs"), reltuples(dw, "songs"), "counted in the merge's transaction");
            assertEquals(dw.count("artists"), reltuples(dw, "artists"));
            assertTrue(log.lines.stream().anyMatch(l -> l.matches("INFO insert-dw: step \\d+ of \\d+: songplays matched"
                    + " by late songs")), log.text());

            Files.copy(logs.get(1), days.resolve(logs.get(1).getFileName()));
            pipeline.loadStaging(List.of(events, songs));
            log.lines.clear();
            pipeline.insertDw();
            assertFalse(log.lines.stream().anyMatch(l -> l.matches("INFO insert-dw: step \\d+ of \\d+: (songs|artists)")),
                    "no songs came: their steps, settings and all, are left out\n" + log.text());
            assertTrue(log.lines.stream().anyMatch(l -> l.matches("INFO insert-dw: step 1 of \\d+: songplays")),
                    log.text());
        }
    }

    private static long reltuples(EmbeddedWarehouse dw, String table) {
        return dw.longValue("SELECT CAST(reltuples AS BIGINT) FROM pg_class WHERE oid = '" + table + "'::regclass");
    }
}
