package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the generator says it wrote is what the ETL finds: the two were written independently. */
class GeneratedDataEtlTest {

    @TempDir
    Path temp;

    @Test
    void etlOfGeneratedDataMatchesTheGeneratorsOwnCounts() throws Exception {
        Path data = temp.resolve("data");
        DataGenerator.Result generated =
                new DataGenerator(new DataGenerator.Settings(7, 300, 20_000, data), line -> { }).generate();
        assertTrue(generated.matchedPlays() > 0 && generated.matchedPlays() < generated.nextSongEvents());

        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log)) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
            pipeline.createTables(false);
            List<StagingSource> sources = List.of(
                    new StagingSource("staging_events", data.resolve("log_data").toString(), CopyOptions.jsonPaths(
                            "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                    new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
            pipeline.loadStaging(sources);
            pipeline.insertDw();

            assertEquals(generated.events(), dw.count("staging_events"));
            assertEquals(generated.songFiles(), dw.count("staging_songs"));
            assertEquals(generated.nextSongEvents(), dw.count("songplays"));
            assertEquals(generated.matchedPlays(), dw.count("songplays WHERE song_id IS NOT NULL"));
            assertEquals(generated.distinctUsers(), dw.count("users"));
            assertEquals(generated.songFiles(), dw.count("songs"));
            assertEquals(generated.distinctArtists(), dw.count("artists"));
            assertEquals(generated.nextSongEvents(), dw.count("time"), "every generated ts is distinct");
            // A user's level is the level of their latest event.
            assertEquals(0, dw.count("users u WHERE u.level <> (SELECT e.level FROM staging_events e"
                    + " WHERE e.userid = u.user_id ORDER BY e.ts DESC LIMIT 1)"));
        }
    }
}
