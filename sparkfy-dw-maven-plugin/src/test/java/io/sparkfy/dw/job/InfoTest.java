package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** info reads each migration's state from a seeded sparkfy_dw_schema_history, like {@code flyway info}. */
class InfoTest {

    @TempDir
    Path temp;

    @Test
    void showsPendingBaselineChecksumMismatchAndFuture() {
        RecordingLog log = new RecordingLog();
        SqlResources sql = new SqlResources();
        List<Migration> migrations = sql.migrations(Dialect.POSTGRES);
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log)) {
            Pipeline pipeline = new Pipeline(dw.warehouse, sql, log);
            new Migrator(migrations.subList(0, 1), "old", log).migrate(dw.warehouse::connect, "test");
            dw.execute("UPDATE sparkfy_dw_schema_history SET description = '<< baseline: the tables existed >>'"
                    + " WHERE version = '1'");
            int future = migrations.size() + 1;
            dw.execute("INSERT INTO sparkfy_dw_schema_history VALUES (2, '" + future + "', 'from the future', 'V"
                    + future + "__future.sql', 7, 'someone', now(), 5, true)");
            List<String> states = new java.util.ArrayList<>(List.of("1 Baseline"));
            for (int version = 2; version < future; version++) {
                states.add(version + " Pending");
            }
            states.add(future + " Future");

            QueryResult info = pipeline.info();
            assertEquals(List.of("version", "description", "script", "state", "installed on", "time", "installed by"),
                    info.header());
            assertEquals(states, states(info), info.format().toString());
            assertEquals(List.of(String.valueOf(future), "from the future", "V" + future + "__future.sql", "Future"),
                    info.rows().get(future - 1).subList(0, 4));
            assertEquals("", info.rows().get(1).get(4), "a pending migration has no install time");

            dw.execute("INSERT INTO sparkfy_dw_schema_history VALUES (3, '2', 'songplays user agent', '"
                    + migrations.get(1).script() + "', " + (migrations.get(1).checksum() + 1) + ", 'test', now(), 1,"
                    + " true)");
            states.set(1, "2 Checksum mismatch");
            assertEquals(states, states(pipeline.info()));
        }
    }

    private static List<String> states(QueryResult info) {
        return info.rows().stream().map(row -> row.get(0) + " " + row.get(3)).toList();
    }
}
