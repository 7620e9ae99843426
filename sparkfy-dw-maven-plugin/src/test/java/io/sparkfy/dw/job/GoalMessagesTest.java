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
