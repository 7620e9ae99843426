package io.sparkfy.dw.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.SchemaArtifact;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A check file's header is read strictly: each mistake names the file, line and column. */
class CheckFileTest {

    private static final String FILE = "checks/plays_per_user.sql";

    private static DataCheck parse(String text) {
        return CheckFile.parse("plays_per_user", FILE, false, text);
    }

    private static String failure(String text) {
        return assertThrows(LoadException.class, () -> parse(text)).getMessage();
    }

    @Test
    void aHeaderGivesSeverityAndDescriptionAndTheRestIsTheQuery() {
        DataCheck check = parse("""
                -- severity: warn
                -- description: nobody plays more than 500 songs
                -- (free text after the keys is a comment)
                SELECT user_id, COUNT(*) AS plays
                FROM songplays GROUP BY user_id HAVING COUNT(*) > 500;
                -- a trailing comment
                """);
        assertEquals(Severity.WARN, check.severity());
        assertNull(check.freshness());
        assertEquals("nobody plays more than 500 songs", check.description());
        assertEquals("SELECT user_id, COUNT(*) AS plays\nFROM songplays GROUP BY user_id HAVING COUNT(*) > 500",
                check.sql());
        assertEquals("warn", check.kind());
    }

    @Test
    void keysAndSeverityIgnoreCaseAndOrderAndAByteOrderMark() {
        DataCheck check = parse("\uFEFF--Description:  plays have users\n--  SEVERITY :ERROR\nwith x as (select 1)"
                + " select * from x where false");
        assertEquals(Severity.ERROR, check.severity());
        assertEquals("plays have users", check.description());
    }

    @Test
    void aFreshnessCheckNamesItsAgesInsteadOfASeverity() {
        DataCheck check = parse("-- freshness: plays\n-- description: new plays\nSELECT MAX(start_time) FROM songplays");
        assertNull(check.severity());
        assertEquals("plays", check.freshness());
        assertEquals("freshness: plays", check.kind());
        assertEquals(FILE + ", line 1: freshness names the ages that judge it: plays or loads, not 'songs'",
                failure("-- freshness: songs\n-- description: x\nSELECT 1"));
        assertEquals(FILE + ", line 2: a freshness check takes its severity from its warn and error ages: remove"
                + " '-- severity:' (line 1)", failure("-- severity: warn\n-- freshness: plays\n-- description: x\n"
                + "SELECT 1"));
    }

    @Test
    void mistakesInTheHeaderNameTheirLineAndColumn() {
        assertEquals(FILE + ", line 1, column 1: a check starts with its header: '-- severity: warn' (or error) and"
                + " '-- description: ...'", failure("SELECT 1"));
        assertEquals(FILE + ", line 2, column 4: unknown header key 'severty' (known: severity, description,"
                + " freshness)", failure("-- description: x\n-- severty: warn\nSELECT 1"));
        assertEquals(FILE + ", line 1: severity must be warn or error, not 'warning'",
                failure("-- severity: warning\n-- description: x\nSELECT 1"));
        assertEquals(FILE + ", line 3, column 5: 'severity' is given twice in the header (first on line 1)",
                failure("-- severity: warn\n-- description: x\n--  severity: error\nSELECT 1"));
        assertEquals(FILE + ", line 1, column 4: 'description:' has no value",
                failure("-- description:\n-- severity: warn\nSELECT 1"));
        assertEquals(FILE + ", line 1: the header has no severity: add '-- severity: warn' (or error) and"
                + " '-- description: ...'", failure("-- description: x\nSELECT 1"));
        assertEquals(FILE + ", line 1: the header has no description: add '-- description: ...' saying what the"
                + " rule is", failure("-- severity: error\nSELECT 1"));
    }

    @Test
    void theBodyIsOneQuery() {
        assertEquals(FILE + ", line 3: no query after the header: a check is a SELECT returning the rows that break"
                + " its rule", failure("-- severity: warn\n-- description: x\n"));
        assertEquals(FILE + ", line 4, column 1: a check is a query (SELECT or WITH), not 'DELETE': it returns the"
                + " rows that break its rule and changes nothing",
                failure("-- severity: warn\n-- description: x\n/* why */\nDELETE FROM songplays"));
        assertEquals(FILE + ", line 3, column 9: a check is one query: nothing but comments may follow its ';'",
                failure("-- severity: warn\n-- description: x\nSELECT 1; DROP TABLE users"));
        // Semicolons inside literals, quoted names, dollar quotes and comments do not end the query.
        DataCheck check = parse("-- severity: warn\n-- description: x\nSELECT ';' AS \"a;b\", $$;$$ -- ;\n"
                + "/* ; */ FROM users;");
        assertEquals("SELECT ';' AS \"a;b\", $$;$$ -- ;\n/* ; */ FROM users", check.sql());
    }

    @Test
    void aNameIsAFileName() {
        assertEquals("x.sql: 'bad name' is not a check name (letters, digits, '_', '.' and '-', starting with a"
                + " letter or digit)", assertThrows(LoadException.class,
                () -> CheckFile.parse("bad name", "x.sql", false, "-- severity: warn\n-- description: x\nSELECT 1"))
                .getMessage());
    }

    @Test
    void everyShippedCheckParsesForBothDialects() {
        for (Dialect dialect : Dialect.values()) {
            List<DataCheck> shipped = CheckCatalog.shipped(new SqlResources(), dialect);
            assertEquals(22, shipped.size(), dialect + ": " + shipped);
            assertEquals("songplays_key_unique", shipped.get(0).name());
            assertEquals(List.of("plays", "loads"), shipped.stream().filter(DataCheck::isFreshness)
                    .map(DataCheck::freshness).toList());
        }
    }

    @Test
    void aDialectsOwnCheckWinsForThatDialectAndABadShippedHeaderNamesItsResource(@TempDir Path temp) {
        SchemaArtifact artifact = SchemaArtifact.copyOfShipped(temp);
        artifact.file("redshift/checks").toFile().mkdirs();
        artifact.write("redshift/checks/users_key_unique.sql", "-- severity: warn\n-- description: own\nSELECT 1");
        SqlResources sql = artifact.resources();
        DataCheck redshift = CheckCatalog.shipped(sql, Dialect.REDSHIFT).get(1);
        assertEquals("sparkfy-dw/redshift/checks/users_key_unique.sql", redshift.origin());
        assertEquals("own", redshift.description());
        assertEquals("sparkfy-dw/checks/users_key_unique.sql", CheckCatalog.shipped(sql, Dialect.POSTGRES).get(1)
                .origin());

        artifact.write("checks/songs_key_unique.sql", "-- severity: error\n-- descripton: typo\nSELECT 1");
        assertEquals("sparkfy-dw/checks/songs_key_unique.sql, line 2, column 4: unknown header key 'descripton'"
                + " (known: severity, description, freshness)", assertThrows(LoadException.class,
                () -> CheckCatalog.shipped(sql, Dialect.POSTGRES)).getMessage());
    }
}
