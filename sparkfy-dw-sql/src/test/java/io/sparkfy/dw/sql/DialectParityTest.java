package io.sparkfy.dw.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Both dialects must define the same tables with the same columns, in the same order, of the same types. */
class DialectParityTest {

    private static final Pattern CREATE =
            Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+) \\((.*?)\\n\\)", Pattern.DOTALL);
    private static final Pattern ADD_COLUMN =
            Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN (?:IF NOT EXISTS )?(\\w+) ([A-Z]+(?:\\(\\d+\\))?)");
    private static final Pattern COLUMN = Pattern.compile("^\\s*(\\w+)\\s+([A-Z]+(?: PRECISION)?(?:\\(\\d+(?:,\\d+)?\\))?)");
    private static final List<String> DIALECTS = List.of("postgres", "redshift");

    @Test
    void bothDialectsDefineTheSameTablesAndColumnsAsDeclared() throws IOException {
        Map<String, List<String>> postgres = tables("postgres");
        Map<String, List<String>> redshift = tables("redshift");
        List<String> declared = new ArrayList<>(declaredTables());
        declared.add(ledgerTable());
        declared.addAll(list(declaration(), "history.tables"));
        declared.addAll(list(declaration(), "staging.state.table"));
        assertEquals(new TreeSet<>(declared), new TreeSet<>(postgres.keySet()),
                "the tables the migrations create are those schema.properties declares");
        assertEquals(postgres, redshift);
    }

    @Test
    void bothDialectsHaveTheSameMigrations() throws IOException {
        assertEquals(migrations("postgres"), migrations("redshift"));
    }

    @Test
    void stagingEventsColumnsFollowTheJsonPathsFile() throws IOException {
        String jsonPaths = resource("sparkfy-dw/log_json_path.json");
        Matcher m = Pattern.compile("\\$\\['(\\w+)'\\]").matcher(jsonPaths);
        List<String> keys = new ArrayList<>();
        while (m.find()) {
            keys.add(m.group(1).toLowerCase());
        }
        List<String> columns = new ArrayList<>();
        for (String column : tables("postgres").get("staging_events")) {
            columns.add(column.substring(0, column.indexOf(' ')));
        }
        assertEquals(18, keys.size());
        assertEquals(keys, columns);
    }

    @Test
    void everyDialectShipsEveryDeclaredScriptAndEachNamesEveryTable() throws IOException {
        for (String dialect : DIALECTS) {
            Map<String, String> scripts = new LinkedHashMap<>();
            StringBuilder migrations = new StringBuilder();
            for (String migration : migrations(dialect)) {
                migrations.append(resource("sparkfy-dw/" + dialect + "/migrations/" + migration)).append('\n');
            }
            scripts.put("migrations", migrations.toString());
            for (String script : list(declaration(), "scripts")) {
                scripts.put(script + ".sql", resource("sparkfy-dw/" + dialect + "/" + script + ".sql"));
            }
            for (Map.Entry<String, String> script : scripts.entrySet()) {
                for (String table : declaredTables()) {
                    assertTrue(Pattern.compile("\\b" + table + "\\b").matcher(script.getValue()).find(),
                            dialect + "/" + script.getKey() + " does not mention " + table);
                }
            }
            // The plugin's bookkeeping tables (the ledger, the run history, what insert-dw merged): created by the migrations, dropped by
            // drop_tables; no transform touches them.
            List<String> bookkeeping = new java.util.ArrayList<>(list(declaration(), "history.tables"));
            bookkeeping.add(ledgerTable());
            bookkeeping.addAll(list(declaration(), "staging.state.table"));
            for (String table : bookkeeping) {
                for (String script : List.of("migrations", "drop_tables.sql")) {
                    assertTrue(Pattern.compile("\\b" + table + "\\b").matcher(scripts.get(script)).find(),
                            dialect + "/" + script + " does not mention " + table);
                }
            }
        }
    }

    /**
     * The fast full build (insert-dw into an empty star): each dialect ships its scripts, their INSERTs fill every
     * star table, each in one session, and they classify user agents with insert-dw's expressions.
     */
    @Test
    void everyDialectShipsTheFastBuildAndItFillsEveryStarTableOnce() throws IOException {
        Pattern insert = Pattern.compile("(?m)^INSERT INTO (\\w+)");
        for (String dialect : DIALECTS) {
            List<String> filled = new ArrayList<>();
            for (String script : list(declaration(), "fast_build.prepare")) {
                resource("sparkfy-dw/" + dialect + "/" + script + ".sql");
            }
            for (String script : list(declaration(), "fast_build.sessions")) {
                Matcher m = insert.matcher(resource("sparkfy-dw/" + dialect + "/" + script + ".sql"));
                java.util.Set<String> tables = new TreeSet<>();
                while (m.find()) {
                    if (list(declaration(), "star.tables").contains(m.group(1))) {
                        tables.add(m.group(1));
                    }
                }
                filled.addAll(tables);
            }
            assertEquals(new TreeSet<>(list(declaration(), "star.tables")), new TreeSet<>(filled), dialect);
            assertEquals(filled.size(), new TreeSet<>(filled).size(), dialect + ": a star table filled twice");
            assertEquals(userAgentCases(resource("sparkfy-dw/" + dialect + "/insert_dw.sql")),
                    userAgentCases(resource("sparkfy-dw/" + dialect + "/fast_build_plays.sql")), dialect);
        }
    }

    @Test
    void schemaVersionIsTheArtifactVersion() throws IOException {
        String version = declaration().getProperty("version");
        assertNotNull(version);
        assertTrue(version.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "not filtered: " + version);
    }

    @Test
    void bothDialectsParseTheUserAgentAlike() throws IOException {
        // The CASE expressions are written four times (V2's backfill and insert-dw, per dialect): they must agree.
        String pgInsert = userAgentCases(resource("sparkfy-dw/postgres/insert_dw.sql"));
        assertEquals(pgInsert, userAgentCases(resource("sparkfy-dw/redshift/insert_dw.sql")));
        String pgBackfill = between(resource("sparkfy-dw/postgres/migrations/V2__songplays_user_agent.sql"),
                "SET browser", ";");
        assertEquals(pgBackfill, between(resource("sparkfy-dw/redshift/migrations/V2__songplays_user_agent.sql"),
                "SET browser", ";"));
        assertEquals(pgInsert.replace("useragent", "user_agent").replaceAll(" AS \\w+,?", ""),
                pgBackfill.replace("SET browser = ", "").replaceAll(",\\s*(os|device) = ", " ").replace(";", ""),
                "the backfill and insert-dw use the same expressions");
    }

    /** The three user-agent CASE expressions of a script, whatever the alias of the agent's column there. */
    private static String userAgentCases(String text) {
        Matcher m = Pattern.compile("CASE WHEN (\\w+)\\.useragent").matcher(text);
        assertTrue(m.find(), "no user-agent CASE");
        return between(text.substring(m.start()), "CASE WHEN", "AS device").replace(m.group(1) + ".useragent",
                "useragent");
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        int end = text.indexOf(to, start);
        assertTrue(start >= 0 && end > start, from + " ... " + to);
        return text.substring(start, end + to.length()).replaceAll("\\s+", " ");
    }

    @Test
    void theIndexListsEveryMigrationInOrder() throws Exception {
        for (String dialect : DIALECTS) {
            java.nio.file.Path folder = java.nio.file.Path.of(getClass().getClassLoader()
                    .getResource("sparkfy-dw/" + dialect + "/migrations").toURI());
            List<String> files;
            try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(folder)) {
                files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted()
                        .collect(java.util.stream.Collectors.toList());
            }
            List<String> index = migrations(dialect);
            assertEquals(files, index, dialect);
            for (int i = 0; i < index.size(); i++) {
                assertTrue(index.get(i).startsWith("V" + (i + 1) + "__"), index.get(i));
            }
        }
    }

    /**
     * table -> "column TYPE" in declared order, after every migration of the index in turn (CREATE TABLE adds a
     * table, ALTER TABLE ... ADD COLUMN a column); IDENTITY, keys and table attributes are not part of the shape.
     */
    private Map<String, List<String>> tables(String dialect) throws IOException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String migration : migrations(dialect)) {
            String sql = resource("sparkfy-dw/" + dialect + "/migrations/" + migration);
            Matcher table = CREATE.matcher(sql);
            while (table.find()) {
                List<String> columns = new ArrayList<>();
                for (String line : table.group(2).split("\\n")) {
                    Matcher column = COLUMN.matcher(line);
                    if (column.find() && !column.group(1).matches("UNIQUE|CONSTRAINT|PRIMARY")) {
                        columns.add(column.group(1) + " " + column.group(2));
                    }
                }
                tables.put(table.group(1), columns);
            }
            Matcher added = ADD_COLUMN.matcher(sql);
            while (added.find()) {
                assertTrue(tables.containsKey(added.group(1)), migration + " alters " + added.group(1)
                        + ", which no earlier migration creates");
                tables.get(added.group(1)).add(added.group(2) + " " + added.group(3));
            }
        }
        return tables;
    }

    /** The migrations of a dialect, as its index lists them. */
    private List<String> migrations(String dialect) throws IOException {
        List<String> index = new ArrayList<>();
        for (String line : resource("sparkfy-dw/" + dialect + "/migrations/index.txt").split("\\R")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                index.add(line.strip());
            }
        }
        assertTrue(!index.isEmpty(), dialect + "/migrations/index.txt lists no migration");
        return index;
    }

    /** Staging and star tables, as sparkfy-dw/schema.properties declares them. */
    private List<String> declaredTables() throws IOException {
        Properties declaration = declaration();
        List<String> tables = new ArrayList<>(list(declaration, "staging.tables"));
        tables.addAll(list(declaration, "star.tables"));
        return tables;
    }

    /** The load ledger's table, as schema.properties declares it. */
    private String ledgerTable() throws IOException {
        String table = declaration().getProperty("ledger.table");
        assertNotNull(table, "schema.properties declares no ledger.table");
        return table.strip();
    }

    private static List<String> list(Properties properties, String key) {
        String value = properties.getProperty(key);
        assertNotNull(value, "schema.properties declares no " + key);
        return Arrays.stream(value.split(",")).map(String::strip).toList();
    }

    private Properties declaration() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(resource("sparkfy-dw/schema.properties")));
        return properties;
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
