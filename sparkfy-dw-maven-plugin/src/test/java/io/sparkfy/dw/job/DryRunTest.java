package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

            // insert-dw's path depends on whether the star is empty, which a dry run does not read: both are shown.
            log.lines.clear();
            pipeline.insertDw();
            String out = log.text();
            assertTrue(out.startsWith("INFO [dry run] insert-dw on " + warehouse + ": nothing is connected or changed\n"
                    + "INFO -- insert-dw picks its path when it runs: the fast full build when every star table is"
                    + " empty (songplays, users, songs, artists, time, users_history, user_levels,"
                    + " songplays_unmatched)\n"), out);
            for (String expected : List.of(
                    "INFO -- fast full build, set-up on a connection of its own: new star tables without keys",
                    "INFO CREATE TABLE sparkfy_dw_build.songplays (LIKE <current schema>.songplays INCLUDING ALL"
                            + " EXCLUDING INDEXES);",
                    "INFO ANALYZE staging_events;",
                    "INFO -- fast full build, session 1 of 2 (fast_build_plays), at once with the others",
                    "INFO CREATE TEMP TABLE fast_user_agents ON COMMIT DROP AS",
                    "INFO -- fast full build, session 2 of 2 (fast_build_users)",
                    "INFO -- fast full build, the swap, in the goal's own transaction: readers see the old star or the"
                            + " new one\nINFO BEGIN;\nINFO LOCK TABLE songplays, users,",
                    "INFO ALTER TABLE sparkfy_dw_build.songplays_unmatched SET SCHEMA <current schema>;\n"
                            + "INFO DROP SCHEMA sparkfy_dw_build;\nINFO COMMIT;",
                    "INFO -- or, into a star that holds rows: the merge, in the goal's transaction\nINFO BEGIN;\n"
                            + "INFO SET LOCAL enable_nestloop = off;")) {
                assertTrue(out.contains(expected), expected + " in\n" + out);
            }
        }
        assertFalse(Files.exists(pgdata), "a dry run starts no embedded server");
    }
}
