package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load ledger written in bulk on PostgreSQL: its rows in one binary COPY, each value as it was (tabs, newlines,
 * backslashes, a missing version and the load's instant included), a NUL refused naming the object, and the rows of
 * objects loaded again replaced a few hundred a statement, however many there are.
 */
class LedgerCopyTest {

    private static final String LEDGER = "sparkfy_dw_loaded_files";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse dw;

    @BeforeAll
    static void start() {
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog()).createTables(true);
    }

    @AfterAll
    static void stop() {
        dw.close();
    }

    @Test
    void everyValueArrivesAsItWasAndReloadedObjectsAreReplacedInChunks() throws Exception {
        List<LoadLedger.FileLoad> first = new ArrayList<>();
        first.add(load("odd\tname\\with\nnewline\r.json", 7, null));
        for (int i = 0; i < 1_234; i++) {
            first.add(load(String.format("A/B/TR%05d.json", i), 100 + i, "v1"));
        }
        LoadLedger ledger = new LoadLedger(LEDGER, Reload.NEW);
        List<LoadLedger.Row> written = new ArrayList<>();
        try (Connection connection = dw.warehouse.connect()) {
            ledger.record(connection, "staging_songs", "/data/song_data",
                    new LoadLedger.Batch(List.of(), 0, Set.of()), first, (c, table, columns, rows) -> {
                        written.addAll(rows);
                        LedgerCopy.write(c, table, columns, rows);
                    });
            connection.commit();
        }
        assertEquals(1_235, dw.count(LEDGER));
        assertEquals("7|null|1|0", dw.string("SELECT object_size || '|' || coalesce(object_version, 'null') || '|'"
                + " || rows_loaded || '|' || rows_rejected FROM " + LEDGER
                + " WHERE object_key = E'odd\\tname\\\\with\\nnewline\\r.json'"));
        assertEquals(ledger.runId(), dw.string("SELECT DISTINCT run_id FROM " + LEDGER));
        assertEquals("staging_songs|/data/song_data|A/B/TR01233.json|1333|v1|1|0",
                dw.string("SELECT table_name || '|' || source_location || '|' || object_key || '|' || object_size || '|'"
                        + " || object_version || '|' || rows_loaded || '|' || rows_rejected FROM " + LEDGER
                        + " WHERE object_key = 'A/B/TR01233.json'"), "every column");
        assertEquals(1_235, dw.count(LEDGER + " WHERE loaded_at = TIMESTAMP '" + written.get(0).loadedAt() + "'"),
                "the load's instant, to the microsecond");

        // Every one of them loaded again (a backfill): more than one DELETE's worth, all replaced, none twice.
        Set<String> replaced = new LinkedHashSet<>();
        List<LoadLedger.FileLoad> again = new ArrayList<>();
        for (LoadLedger.FileLoad load : first) {
            replaced.add(load.object().relativeName());
            again.add(load(load.object().relativeName(), load.object().size() + 1, "v2"));
        }
        LoadLedger backfill = new LoadLedger(LEDGER, Reload.NEW);
        try (Connection connection = dw.warehouse.connect()) {
            backfill.record(connection, "staging_songs", "/data/song_data",
                    new LoadLedger.Batch(List.of(), 0, replaced), again, LedgerCopy::write);
            connection.commit();
        }
        assertEquals(1_235, dw.count(LEDGER));
        assertEquals(1_235, dw.count(LEDGER + " WHERE run_id = '" + backfill.runId() + "'"));
        assertEquals(1_234, dw.count(LEDGER + " WHERE object_key LIKE 'A/B/TR%'"
                + " AND object_size = 101 + CAST(substr(object_key, 7, 5) AS INT)"), "the new sizes");
        assertEquals(8, dw.longValue("SELECT object_size FROM " + LEDGER + " WHERE object_key LIKE 'odd%'"));
        assertEquals(1_235, dw.count(LEDGER + " WHERE object_version = 'v2'"));
    }

    @Test
    void aNulInAValueIsRefusedNamingTheObjectAndWritesNothing() throws Exception {
        LoadLedger ledger = new LoadLedger(LEDGER, Reload.NEW);
        try (Connection connection = dw.warehouse.connect()) {
            long before = dw.count(LEDGER);
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> ledger.record(connection, "staging_songs", "/data/nul", new LoadLedger.Batch(List.of(), 0,
                            Set.of()), List.of(load("fine.json", 1, "v"), load("bad\0.json", 1, "v\0")),
                            LedgerCopy::write));
            connection.rollback();
            assertEquals("the load ledger cannot record bad\\0.json of /data/nul: a value holds a NUL character, which"
                    + " PostgreSQL cannot store", refused.getMessage());
            assertEquals(before, dw.count(LEDGER));
        }
    }

    private static LoadLedger.FileLoad load(String key, long size, String version) {
        SourceObject object = new SourceObject() {
            @Override
            public String name() {
                return key;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public String version() {
                return version;
            }

            @Override
            public InputStream open() {
                throw new UnsupportedOperationException();
            }
        };
        return new LoadLedger.FileLoad(object, 1, 0);
    }
}
