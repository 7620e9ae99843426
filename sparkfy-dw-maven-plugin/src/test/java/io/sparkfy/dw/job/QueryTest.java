package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query goal on the embedded warehouse: at most maxRows rows, and no way to write. */
class QueryTest {

    @TempDir
    Path temp;
    EmbeddedWarehouse dw;
    Pipeline pipeline;

    @BeforeEach
    void start() {
        RecordingLog log = new RecordingLog();
        dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log);
        pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
        pipeline.createTables(false);
        dw.execute("INSERT INTO users (user_id, level) VALUES (1, 'free'), (2, 'paid'), (3, 'free'), (4, 'paid'),"
                + " (5, 'free')");
    }

    @AfterEach
    void stop() {
        dw.close();
    }

    @Test
    void stopsAtMaxRowsAndSaysThereWasMore() {
        QueryResult three = pipeline.query("SELECT user_id, level FROM users ORDER BY user_id", 3);
        assertEquals(List.of("user_id", "level"), three.header());
        assertEquals(List.of(List.of("1", "free"), List.of("2", "paid"), List.of("3", "free")), three.rows());
        assertTrue(three.truncated());

        QueryResult all = pipeline.query("SELECT user_id FROM users ORDER BY user_id", 5);
        assertEquals(5, all.rows().size());
        assertFalse(all.truncated(), "exactly maxRows rows is not truncated");
    }

    @Test
    void cannotWrite() {
        SparkfyException insert = assertThrows(SparkfyException.class,
                () -> pipeline.query("INSERT INTO users (user_id) VALUES (99) RETURNING user_id", 10));
        assertTrue(insert.getMessage().startsWith("the query failed: ")
                && insert.getMessage().contains("read-only transaction"), insert.getMessage());
        SparkfyException createTable = assertThrows(SparkfyException.class,
                () -> pipeline.query("CREATE TABLE written (x INTEGER)", 10));
        assertTrue(createTable.getMessage().contains("read-only transaction"), createTable.getMessage());

        assertEquals(5, dw.count("users"));
        assertEquals(0, dw.count("information_schema.tables WHERE table_name = 'written'"));
    }
}
