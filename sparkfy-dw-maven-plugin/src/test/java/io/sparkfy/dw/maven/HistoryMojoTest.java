package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.target.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The history goal as Maven configures it, after create-tables and etl ran for real on the embedded warehouse. */
@MojoTest
@Basedir("/unit/etl")
class HistoryMojoTest {

    private static final String POM = "classpath:/unit/etl/pom.xml";

    @AfterAll
    static void stopServer() {
        EmbeddedPostgresServer.stop(Path.of(System.getProperty("basedir", "."), "target/harness/pgdata"));
    }

    @Test
    void printsTheRunsNewestFirstAsAnAlignedTable(
            @InjectMojo(goal = "create-tables", pom = POM) CreateTablesMojo createTables,
            @InjectMojo(goal = "etl", pom = POM) EtlMojo etl,
            @InjectMojo(goal = "history", pom = POM) HistoryMojo history,
            @InjectMojo(goal = "history", pom = POM) @MojoParameter(name = "historyLimit", value = "2")
            HistoryMojo lastTwo) throws Exception {
        GoalsMojoTest.CapturingLog quiet = new GoalsMojoTest.CapturingLog();
        for (AbstractSparkfyMojo mojo : List.of(createTables, etl)) { // create-tables recreates: a fresh history
            mojo.setLog(quiet);
            mojo.execute();
        }

        List<String> table = table(history);
        assertEquals(List.of("started (UTC)", "goal", "status", "time", "files", "rows", "rejected", "run by", "plugin",
                "sql", "schema", "run id", "error"), cells(table.get(0)));
        assertTrue(table.get(1).matches("-+(-\\+--+)+"), table.get(1));
        List<String> goals = new ArrayList<>();
        for (String row : table.subList(2, table.size() - 1)) {
            goals.add(cells(row).get(1));
            assertEquals("success", cells(row).get(2), row);
            // Aligned: every column starts where the header's does.
            for (int at = table.get(1).indexOf('+'); at >= 0; at = table.get(1).indexOf('+', at + 1)) {
                assertEquals('|', row.charAt(at), "column boundary at " + at + " in\n" + table.get(0) + "\n" + row);
            }
        }
        assertEquals(List.of("insert-dw", "load-stg", "create-tables"), goals, "etl's two steps, newest first");
        List<String> load = cells(table.get(3));
        assertEquals(List.of("101", "staging_events=8056 staging_songs=71", "0"), load.subList(4, 7));
        assertTrue(cells(table.get(2)).get(5).matches("(\\w+=\\d+ )*songplays=6820( \\w+=\\d+)*"), table.get(2));
        assertEquals("(3 rows)", table.get(table.size() - 1));

        List<String> two = table(lastTwo);
        assertEquals(List.of("insert-dw", "load-stg"), List.of(cells(two.get(2)).get(1), cells(two.get(3)).get(1)));
        assertEquals("(2 rows)", two.get(4));
    }

    /** What the goal prints: the header, the rule, the rows and the count. */
    private static List<String> table(HistoryMojo history) throws Exception {
        GoalsMojoTest.CapturingLog log = new GoalsMojoTest.CapturingLog();
        history.setLog(log);
        history.execute();
        int header = log.infos.indexOf(log.infos.stream().filter(l -> l.startsWith("started (UTC)")).findFirst()
                .orElseThrow(() -> new AssertionError("no history table in " + log.infos)));
        return log.infos.subList(header, log.infos.size());
    }

    private static List<String> cells(String line) {
        return Arrays.stream(line.split(" \\| ", -1)).map(String::strip).toList();
    }
}
