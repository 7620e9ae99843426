package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline built for a dry run prints each job's plan and starts nothing, not even the embedded server. */
class DryRunTest {

    @TempDir
    Path temp;

    @Test
    void printsThePlanAndStartsNothing() {
        RecordingLog log = new RecordingLog();
        Path pgdata = temp.resolve("pgdata");
        try (Pipeline pipeline = Pipeline.builder(log).dryRun(true).open(WarehouseSettings.embedded(pgdata))) {
            pipeline.dropTables();
            String warehouse = "the embedded PostgreSQL (" + pgdata + ")";
            assertEquals(List.of(
                    "INFO [dry run] drop-tables on " + warehouse + ": nothing is connected or changed",
                    "INFO BEGIN;",
                    "INFO DROP TABLE IF EXISTS staging_events;",
                    "INFO DROP TABLE IF EXISTS staging_songs;",
                    "INFO DROP TABLE IF EXISTS songplays;",
                    "INFO DROP TABLE IF EXISTS users;",
                    "INFO DROP TABLE IF EXISTS songs;",
                    "INFO DROP TABLE IF EXISTS artists;",
                    "INFO DROP TABLE IF EXISTS time;",
                    "INFO DROP TABLE IF EXISTS users_history;",
                    "INFO DROP TABLE IF EXISTS user_levels;",
                    "INFO DROP TABLE IF EXISTS songplays_unmatched;",
                    "INFO DROP TABLE IF EXISTS sparkfy_dw_loaded_files;",
                    "INFO DROP TABLE IF EXISTS sparkfy_dw_staging_state;",
                    "INFO DROP TABLE IF EXISTS sparkfy_dw_schema_history;",
                    "INFO DROP TABLE IF EXISTS sparkfy_dw_run_tables;",
                    "INFO DROP TABLE IF EXISTS sparkfy_dw_runs;",
                    "INFO COMMIT;"), log.lines);

            log.lines.clear();
            QueryResult none = pipeline.query("  select count(*) from users\n", 5);
            assertEquals(List.of(), none.header());
            assertEquals(List.of("INFO [dry run] query on " + warehouse + ": nothing is connected or changed",
                    "INFO BEGIN;", "INFO select count(*) from users;", "INFO COMMIT;"), log.lines);

            assertEquals("(dry run: not read)", pipeline.info().rows().get(0).get(3));
        }
        assertFalse(Files.exists(pgdata), "a dry run starts no embedded server");
    }
}
