package io.sparkfy.dw.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SchemaDeclarationTest {

    @Test
    void theShippedArtifactDeclaresItsTablesSourcesAndDefaults() {
        SchemaDeclaration declaration = new SqlResources().declaration();
        assertEquals(List.of(
                new StagingTable("staging_events", "events", Map.of("json", "classpath:sparkfy-dw/log_json_path.json",
                        "timeFormat", "epochmillisecs")),
                new StagingTable("staging_songs", "songs", Map.of("json", "auto", "timeFormat", "auto"))),
                declaration.stagingTables());
        assertEquals(List.of("songplays", "users", "songs", "artists", "time", "users_history", "user_levels",
                "songplays_unmatched"), declaration.starTables());
        assertEquals(List.of("songplays", "users", "songs", "artists", "time"), declaration.starTotals());
        assertEquals("sparkfy_dw_loaded_files", declaration.ledgerTable());
        assertEquals(List.of("staging_events", "staging_songs", "songplays", "users", "songs", "artists", "time",
                "users_history", "user_levels", "songplays_unmatched", "sparkfy_dw_loaded_files"),
                declaration.tables());
        assertEquals(List.of("insert_dw", "drop_tables"), declaration.scripts());
        assertEquals(List.of("sparkfy_dw_runs", "sparkfy_dw_run_tables"), declaration.historyTables());
        assertEquals(List.of("fast_build_staging"), declaration.fastBuildPrepare());
        assertEquals(List.of("fast_build_plays", "fast_build_users"), declaration.fastBuildSessions());
    }

    @Test
    void theFastBuildIsOptional() throws IOException {
        Properties properties = shipped();
        properties.remove("fast_build.sessions");
        properties.remove("fast_build.prepare");
        SchemaDeclaration declaration = SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, properties);
        assertEquals(List.of(), declaration.fastBuildSessions());
        assertEquals(List.of(), declaration.fastBuildPrepare());
    }

    @Test
    void theStarTotalsAreOptionalAndDefaultToTheFactTable() throws IOException {
        Properties properties = shipped();
        properties.remove("star.totals");
        assertEquals(List.of("songplays"), SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, properties)
                .starTotals());
    }

    @Test
    void historyTablesAreOptional() throws IOException {
        Properties properties = shipped();
        properties.remove("history.tables");
        assertEquals(List.of(), SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, properties).historyTables());
    }

    @Test
    void anArtifactWithoutADeclarationFailsNamingIt() {
        SqlResources empty = new SqlResources(new URLClassLoader(new URL[0], null));
        SparkfyException e = assertThrows(SparkfyException.class, empty::declaration);
        assertEquals("sparkfy-dw/schema.properties is not in the sparkfy-dw-sql artifact on the plugin's class path",
                e.getMessage());
    }

    @Test
    void aMalformedDeclarationFailsNamingTheResourceAndTheKey() throws IOException {
        assertRefused("sparkfy-dw/schema.properties: star.tables is missing: the schema artifact must declare it",
                p -> p.remove("star.tables"));
        assertRefused("sparkfy-dw/schema.properties: staging_songs.source is missing: the schema artifact must"
                + " declare it", p -> p.remove("staging_songs.source"));
        assertRefused("sparkfy-dw/schema.properties: unknown key staging_event.source (known: version, staging.tables,"
                + " <staging table>.source, <staging table>.copy.<option>, star.tables, star.totals, ledger.table,"
                + " staging.state.table, history.tables, scripts, fast_build.prepare, fast_build.sessions)",
                p -> p.setProperty("staging_event.source", "events"));
        assertRefused("sparkfy-dw/schema.properties: the script insert_dw is declared twice",
                p -> p.setProperty("fast_build.sessions", "fast_build_plays, insert_dw"));
        assertRefused("sparkfy-dw/schema.properties: fast_build.prepare needs fast_build.sessions, the scripts that"
                + " fill the star", p -> p.remove("fast_build.sessions"));
        assertRefused("sparkfy-dw/schema.properties: fast_build.sessions names 'Fast', not a script name (<name>.sql"
                + " without .sql: lower-case letters, digits and _)", p -> p.setProperty("fast_build.sessions", "Fast"));
        assertRefused("sparkfy-dw/schema.properties: staging_events.copy.timeformat: 'timeformat' is not a COPY option"
                + " a source may default (compression, dateFormat, json, maxError, timeFormat)",
                p -> p.setProperty("staging_events.copy.timeformat", "auto"));
        assertRefused("sparkfy-dw/schema.properties: star.tables names 'users; drop table songs', not a plain table"
                + " name (lower-case letters, digits, _ and $)",
                p -> p.setProperty("star.tables", "songplays, users; drop table songs"));
        assertRefused("sparkfy-dw/schema.properties: star.tables names staging_songs, which is declared twice",
                p -> p.setProperty("star.tables", "songplays, staging_songs"));
        assertRefused("sparkfy-dw/schema.properties: star.tables has an empty entry: 'songplays,, users'",
                p -> p.setProperty("star.tables", "songplays,, users"));
        assertRefused("sparkfy-dw/schema.properties: star.totals names staging_songs, which is not a star table"
                + " (star.tables: songplays, users, songs, artists, time, users_history, user_levels,"
                + " songplays_unmatched)", p -> p.setProperty("star.totals", "songplays, staging_songs"));
        assertRefused("sparkfy-dw/schema.properties: star.totals names users twice",
                p -> p.setProperty("star.totals", "songplays, users, users"));
        assertRefused("sparkfy-dw/schema.properties: staging_songs.source = 'events' is not a source name"
                + " (lower-case letters, digits and _) or is used twice", p -> p.setProperty("staging_songs.source",
                "events"));
    }

    @Test
    void onlyDeclaredScriptsAreRead() {
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> new SqlResources().script(Dialect.POSTGRES, "create_tables"));
        assertEquals("sparkfy-dw/schema.properties declares no script create_tables (scripts = insert_dw,"
                + " drop_tables)", e.getMessage());
    }

    private static void assertRefused(String message, java.util.function.Consumer<Properties> change)
            throws IOException {
        Properties properties = shipped();
        change.accept(properties);
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, properties));
        assertEquals(message, e.getMessage());
        SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, shipped()); // the unchanged declaration is fine
    }

    private static Properties shipped() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SqlResources.class.getClassLoader().getResourceAsStream(SchemaDeclaration.RESOURCE)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
