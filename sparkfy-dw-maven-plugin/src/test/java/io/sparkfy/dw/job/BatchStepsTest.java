package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The steps insert-dw leaves out of each dialect's insert_dw.sql when a staging table holds what an earlier run
 * merged: those driven by it alone, and those driven by the temporary tables filled from it; never a setting, a
 * temporary table's creation, or a step with an input that has rows.
 */
class BatchStepsTest {

    private static final List<String> STAGING = List.of("staging_events", "staging_songs");
    private static final SqlResources SQL = new SqlResources();

    @Test
    void nothingMergedRunsEveryStep() {
        for (Dialect dialect : Dialect.values()) {
            List<SqlStatement> script = SQL.script(dialect, "insert_dw");
            assertEquals(script, BatchSteps.toRun(script, STAGING, Set.of()), dialect.toString());
        }
    }

    @Test
    void mergedSongsLeaveOutTheSongAndArtistStepsAndTheLateSongs() {
        for (Dialect dialect : Dialect.values()) {
            List<SqlStatement> script = SQL.script(dialect, "insert_dw");
            List<String> out = leftOut(script, Set.of("staging_songs"));
            List<String> expected = dialect == Dialect.POSTGRES
                    ? List.of("UPDATE songs", "INSERT songs", "ANALYZE", "UPDATE artists", "INSERT artists", "ANALYZE",
                            "UPDATE songplays", "DELETE songplays_unmatched")
                    : List.of("UPDATE songs", "INSERT songs", "UPDATE artists", "INSERT artists",
                            "UPDATE songplays", "DELETE songplays_unmatched");
            assertEquals(expected, out, dialect.toString());
        }
    }

    @Test
    void mergedEventsLeaveOutThePlaysTheUsersAndTheirHistory() {
        for (Dialect dialect : Dialect.values()) {
            List<SqlStatement> script = SQL.script(dialect, "insert_dw");
            List<SqlStatement> run = BatchSteps.toRun(script, STAGING, Set.of("staging_events"));
            List<String> out = leftOut(script, Set.of("staging_events"));
            assertTrue(out.containsAll(List.of("INSERT songplays", "INSERT time", "INSERT songplays_unmatched",
                    "INSERT users", "UPDATE users", "INSERT users_history", "DELETE users_history")), dialect + ": " + out);
            assertTrue(run.stream().anyMatch(s -> s.sql().startsWith("UPDATE songplays")), "the late songs still run");
        }
    }

    @Test
    void bothMergedRunOnlyWhatNamesNoBatchInput() {
        for (Dialect dialect : Dialect.values()) {
            List<SqlStatement> script = SQL.script(dialect, "insert_dw");
            for (SqlStatement statement : BatchSteps.toRun(script, STAGING, Set.copyOf(STAGING))) {
                assertTrue(statement.sql().matches("(?s)^(SET LOCAL|CREATE TEMP TABLE|DELETE FROM batch_\\w+\\s*$).*"),
                        dialect + ": " + statement.where() + " runs: " + statement.sql());
            }
        }
    }

    /** The statistics of a star table are refreshed when this run wrote it; those of a batch table when it has rows. */
    @Test
    void anAnalyzeRunsAfterAWriteOfItsTableOrOverABatchTableWithRows() {
        List<SqlStatement> script = script(
                "INSERT INTO songs SELECT x FROM staging_songs",
                "ANALYZE songs",
                "ANALYZE artists",
                "CREATE TEMP TABLE b (x INTEGER)",
                "INSERT INTO b SELECT x FROM staging_events",
                "ANALYZE b");
        assertEquals(List.of(1, 2, 4, 5, 6), lines(BatchSteps.toRun(script, STAGING, Set.of())),
                "songs written, artists not; b filled");
        assertEquals(List.of(4, 5, 6), lines(BatchSteps.toRun(script, STAGING, Set.of("staging_songs"))),
                "songs not written this time");
        assertEquals(List.of(1, 2, 4), lines(BatchSteps.toRun(script, STAGING, Set.of("staging_events"))),
                "b stays empty");
    }

    /** Statements of a script "t", one per line from line 1. */
    private static List<SqlStatement> script(String... sql) {
        List<SqlStatement> statements = new ArrayList<>();
        for (int i = 0; i < sql.length; i++) {
            statements.add(new SqlStatement("t", i + 1, sql[i]));
        }
        return statements;
    }

    private static List<Integer> lines(List<SqlStatement> statements) {
        return statements.stream().map(SqlStatement::line).toList();
    }

    /** A temporary table that may hold a previous run's rows is not taken for empty until a whole-table DELETE. */
    @Test
    void aTemporaryTableLeftFromEarlierInTheSessionIsNotTakenForEmpty() {
        List<SqlStatement> script = script(
                "CREATE TEMP TABLE IF NOT EXISTS b (x INTEGER)",
                "INSERT INTO star SELECT x FROM b",
                "DELETE FROM b",
                "INSERT INTO b SELECT x FROM staging_songs",
                "INSERT INTO star SELECT x FROM b");
        assertEquals(List.of(1, 2, 3), lines(BatchSteps.toRun(script, STAGING, Set.of("staging_songs"))));
    }

    private static List<String> leftOut(List<SqlStatement> script, Set<String> merged) {
        List<SqlStatement> run = BatchSteps.toRun(script, STAGING, merged);
        List<String> out = new ArrayList<>();
        for (SqlStatement statement : script) {
            if (!run.contains(statement)) {
                out.add(statement.verb() + (statement.targetTable() == null ? "" : " " + statement.targetTable()));
            }
        }
        return out;
    }
}
