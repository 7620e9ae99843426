package io.sparkfy.dw.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SqlResourcesTest {

    private final SqlResources sql = new SqlResources();

    @Test
    void splitsAtSemicolonsOutsideQuotesAndDropsComments() {
        List<SqlStatement> statements = SqlSplitter.split("t.sql",
                "-- header; with a semicolon\nSELECT 'a;b', \"c;d\" FROM x; -- trailing\n\nINSERT INTO y\nVALUES ('it''s;');\n");
        assertEquals(2, statements.size());
        assertEquals("SELECT 'a;b', \"c;d\" FROM x", statements.get(0).sql());
        assertEquals(2, statements.get(0).line());
        assertEquals("INSERT INTO y\nVALUES ('it''s;')", statements.get(1).sql());
        assertEquals(4, statements.get(1).line());
        assertEquals("y", statements.get(1).targetTable());
    }

    @Test
    void insertDwHasTheSameStepsInEveryDialectAndEachStatementBelongsToOne() {
        List<String> names = List.of("songs", "artists", "songplays", "time", "songplays matched by late songs",
                "songplays_unmatched", "user_levels", "users", "users_history");
        for (Dialect dialect : Dialect.values()) {
            List<ScriptStep> steps = sql.steps(dialect, "insert_dw");
            assertEquals(names, steps.stream().map(ScriptStep::name).toList(), dialect.folder());
            for (SqlStatement statement : sql.script(dialect, "insert_dw")) {
                ScriptStep step = ScriptStep.of(steps, statement);
                // only the opening settings come before the first step
                assertTrue(step != null || statement.sql().startsWith("SET LOCAL "), statement.where());
                if (step != null && statement.targetTable() != null && names.contains(statement.targetTable())
                        && !step.name().contains("late")) {
                    assertTrue(step.name().equals(statement.targetTable()) || statement.verb().equals("DELETE")
                            || statement.targetTable().equals("users_history") && step.name().equals("users")
                            || statement.targetTable().equals("user_levels"),
                            statement.where() + " writes " + statement.targetTable() + " in step " + step.name());
                }
            }
        }
        assertEquals(List.of(), ScriptStep.of("SELECT 1;\n-- no step here\n"));
    }

    /** The fast build's sessions name their steps too, the same in every dialect, which insert-dw tells as they begin. */
    @Test
    void theFastBuildsSessionsHaveTheSameStepsInEveryDialectAndEachStatementBelongsToOne() {
        Map<String, List<String>> names = Map.of(
                "fast_build_plays", List.of("songs", "artists", "plays ranked and matched", "songplays",
                        "songplays_unmatched"),
                "fast_build_users", List.of("time", "levels per user and time", "user_levels", "users",
                        "users_history"));
        assertEquals(names.keySet(), Set.copyOf(sql.declaration().fastBuildSessions()));
        for (Dialect dialect : Dialect.values()) {
            for (String session : sql.declaration().fastBuildSessions()) {
                List<ScriptStep> steps = sql.steps(dialect, session);
                assertEquals(names.get(session), steps.stream().map(ScriptStep::name).toList(),
                        dialect.folder() + "/" + session);
                for (SqlStatement statement : sql.script(dialect, session)) {
                    ScriptStep step = ScriptStep.of(steps, statement);
                    assertTrue(step != null || statement.sql().startsWith("SET LOCAL "), statement.where());
                    String target = statement.targetTable();
                    if (step != null && statement.verb().equals("INSERT") && names.get(session).contains(target)) {
                        assertEquals(target, step.name(), statement.where()); // a star table's rows in its own step
                    }
                }
            }
        }
    }

    @Test
    void everyDialectScriptLoadsAndNamesItsTables() {
        for (Dialect dialect : Dialect.values()) {
            List<Migration> migrations = sql.migrations(dialect);
            assertEquals(java.util.stream.IntStream.rangeClosed(1, migrations.size()).boxed().toList(),
                    migrations.stream().map(Migration::version).collect(Collectors.toList()));
            assertTrue(migrations.size() >= 2);
            assertEquals("create tables", migrations.get(0).description());
            assertEquals(7, migrations.get(0).statements().size(), dialect.folder());
            assertEquals(4, migrations.get(1).statements().size(), dialect.folder());
            assertEquals(15, sql.script(dialect, "drop_tables").size(), dialect.folder());
            for (SqlStatement statement : sql.script(dialect, "insert_dw")) {
                // a setting, or the batch's work tables (session temp tables) and their statistics
                assertTrue(statement.targetTable() != null || statement.sql().startsWith("SET LOCAL ")
                        || statement.sql().startsWith("CREATE TEMP TABLE ") || statement.sql().startsWith("ANALYZE "),
                        statement.sql());
                assertFalse(statement.sql().contains("--"), "comments are stripped");
            }
        }
    }

    @Test
    void redshiftDeletesNameOnlyTablesAfterUsingAsAwsDocumentsIt() {
        // AWS's DELETE: DELETE [ FROM ] table_name [ USING table_name, ... ] [ WHERE condition ]; a subquery or an
        // alias after USING is PostgreSQL's from_item, not documented for Redshift (a subquery goes in WHERE).
        java.util.regex.Pattern using = java.util.regex.Pattern.compile(
                "(?is)^DELETE\\s+FROM\\s+\\w+\\s+USING\\s+(.*?)\\s+WHERE\\s");
        List<SqlStatement> statements = new java.util.ArrayList<>(sql.script(Dialect.REDSHIFT, "insert_dw"));
        statements.addAll(sql.script(Dialect.REDSHIFT, "drop_tables"));
        sql.migrations(Dialect.REDSHIFT).forEach(m -> statements.addAll(m.statements()));
        int checked = 0;
        for (SqlStatement statement : statements) {
            java.util.regex.Matcher m = using.matcher(statement.sql());
            if (m.find()) {
                checked++;
                assertTrue(m.group(1).matches("\\w+(\\s*,\\s*\\w+)*"), statement.where() + ": USING "
                        + m.group(1) + " is not a list of table names");
            }
        }
        assertEquals(2, checked, "the two DELETE ... USING of insert_dw");
    }

    @Test
    void checksumsIgnoreLineEndingsButNotContent() {
        assertEquals(SqlResources.checksum("a\nb\n"), SqlResources.checksum("a\r\nb\r\n"));
        assertTrue(SqlResources.checksum("a\nb\n") != SqlResources.checksum("a\nc\n"));
    }

    @Test
    void theSchemaVersionIsTheSqlArtifactsVersion() {
        assertTrue(sql.schemaVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), sql.schemaVersion());
    }
}
