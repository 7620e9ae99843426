package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drop-tables on the embedded warehouse: every table goes, and the log says what each one held. */
class DropTablesTest {

    @TempDir
    Path temp;

    @Test
    void dropsEveryTableAndLogsEachWithItsRowCount() {
        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log)) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
            pipeline.createTables(false);
            dw.execute("INSERT INTO users (user_id, level) VALUES (1, 'free'), (2, 'paid'), (3, 'free')");
            dw.execute("INSERT INTO artists (artist_id, name) VALUES ('AR1', 'One'), ('AR2', 'Two')");
            dw.execute("INSERT INTO staging_songs (song_id, title) VALUES ('SO1', 'A song')");

            log.lines.clear();
            pipeline.dropTables();

            assertEquals(0, dw.count("information_schema.tables WHERE table_schema = 'public'"),
                    "tables left: " + dw.string("SELECT coalesce(string_agg(table_name, ','), '') FROM"
                            + " information_schema.tables WHERE table_schema = 'public'"));
            assertEquals(List.of(
                    "INFO staging_events: dropped, 0 rows",
                    "INFO staging_songs: dropped, 1 row",
                    "INFO songplays: dropped, 0 rows",
                    "INFO users: dropped, 3 rows",
                    "INFO songs: dropped, 0 rows",
                    "INFO artists: dropped, 2 rows",
                    "INFO time: dropped, 0 rows",
                    "INFO users_history: dropped, 0 rows",
                    "INFO user_levels: dropped, 0 rows",
                    "INFO songplays_unmatched: dropped, 0 rows",
                    "INFO sparkfy_dw_loaded_files: dropped, 0 rows"), log.lines.subList(0, 11), log.text());
            assertEquals(12, log.lines.size(), log.text()); // and the done line

            log.lines.clear();
            pipeline.dropTables();
            assertEquals("INFO no sparkfy-dw tables to drop", log.lines.get(0), log.text());
        }
    }
}
