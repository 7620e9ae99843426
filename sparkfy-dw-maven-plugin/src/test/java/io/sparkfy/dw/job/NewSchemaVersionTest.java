package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.StagingTable;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.SampleData;
import io.sparkfy.dw.testing.SchemaArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema artifact says what the schema is: a V4 that adds a table (its migration in both dialects, its
 * transform in insert_dw, its line in the declaration, and in the totals insert-dw tells) deploys, loads, reports
 * and shows in info, with no Java.
 */
class NewSchemaVersionTest {

    private static final String POSTGRES_V3 = """
            -- V4: plays and distinct listeners per calendar day, for the dashboards.
            CREATE TABLE IF NOT EXISTS daily_plays (
                day       DATE PRIMARY KEY,
                plays     BIGINT NOT NULL,
                listeners INTEGER NOT NULL
            );
            """;
    private static final String REDSHIFT_V3 = """
            -- V4: plays and distinct listeners per calendar day, for the dashboards.
            CREATE TABLE daily_plays (
                day       DATE NOT NULL PRIMARY KEY,
                plays     BIGINT NOT NULL,
                listeners INTEGER NOT NULL
            )
            DISTSTYLE ALL SORTKEY (day);
            """;
    private static final String POSTGRES_TRANSFORM = """

            -- daily_plays: recomputed from the facts, so a day that gets more plays is brought up to date.
            INSERT INTO daily_plays (day, plays, listeners)
            SELECT CAST(start_time AS DATE), COUNT(*), COUNT(DISTINCT user_id)
            FROM songplays
            GROUP BY CAST(start_time AS DATE)
            ON CONFLICT (day) DO UPDATE SET plays = EXCLUDED.plays, listeners = EXCLUDED.listeners;
            """;
    private static final String REDSHIFT_TRANSFORM = """

            DELETE FROM daily_plays;

            INSERT INTO daily_plays (day, plays, listeners)
            SELECT CAST(start_time AS DATE), COUNT(*), COUNT(DISTINCT user_id)
            FROM songplays
            GROUP BY CAST(start_time AS DATE);
            """;

    @TempDir
    Path temp;

    @Test
    void aV4ThatAddsATableRunsWithNoJavaChange() throws Exception {
        SchemaArtifact v3 = SchemaArtifact.copyOfShipped(temp.resolve("sparkfy-dw-sql-v3"));
        // The next version after the shipped ones (V3 when the artifact shipped two).
        int next = new SqlResources().migrations(io.sparkfy.dw.schema.Dialect.POSTGRES).size() + 1;
        String script = "V" + next + "__daily_plays.sql";
        v3.write("postgres/migrations/" + script, POSTGRES_V3);
        v3.write("redshift/migrations/" + script, REDSHIFT_V3);
        for (String dialect : List.of("postgres", "redshift")) {
            v3.append(dialect + "/migrations/index.txt", script + "\n");
            v3.write(dialect + "/drop_tables.sql", v3.read(dialect + "/drop_tables.sql")
                    .replace("DROP TABLE IF EXISTS time;", "DROP TABLE IF EXISTS time;\nDROP TABLE IF EXISTS daily_plays;"));
        }
        v3.append("postgres/insert_dw.sql", POSTGRES_TRANSFORM);
        v3.append("redshift/insert_dw.sql", REDSHIFT_TRANSFORM);
        v3.write("schema.properties", withDailyPlays(v3.read("schema.properties")));
        SqlResources sql = v3.resources();
        assertTrue(sql.declaration().starTables().contains("daily_plays"), "the copy was not changed as meant");

        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), log)) {
            Pipeline pipeline = new Pipeline(dw.warehouse, sql, log);
            pipeline.createTables(false);
            assertTrue(log.lines.contains("INFO daily_plays: created"), log.text());

            pipeline.loadStaging(declaredSources(sql, SampleData.udacitySmall()));
            pipeline.insertDw();
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO daily_plays: 30 rows written")), log.text());
            assertTrue(log.lines.stream().anyMatch(l -> l.endsWith("; the star holds in total, from every load so far:"
                    + " songplays 6,820 rows, users 97, songs 71, artists 69, time 6,813, daily_plays 30")), log.text());
            assertEquals(perDayInJava(dw), perDayInWarehouse(dw));
            assertEquals(6820, dw.longValue("SELECT SUM(plays) FROM daily_plays"));

            List<List<String>> info = pipeline.info().rows();
            assertEquals(next, info.size(), info.toString());
            assertEquals(List.of("" + next, "daily plays", script, "Success"), info.get(next - 1).subList(0, 4));

            Path index = pipeline.report(temp.resolve("report"));
            assertTrue(Files.readString(index).contains("<title>Sparkfy listening report</title>"));
            assertTrue(Files.readString(index.resolveSibling("report.json")).contains("\"plays_per_hour\""));

            // drop-tables goes by the declaration too: the new table is counted and dropped.
            pipeline.dropTables();
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO daily_plays: dropped, 30 rows")), log.text());
        }
    }

    /**
     * The totals a version declares are its own: without star.totals, the fact table's alone; a table it names that
     * star.tables does not (the new table forgotten there) is refused, naming the file and the key.
     */
    @Test
    void theTotalsAreOptionalAndNameStarTablesOnly() {
        SchemaArtifact without = SchemaArtifact.copyOfShipped(temp.resolve("without-totals"));
        without.write("schema.properties", without.read("schema.properties").replaceAll("(?m)^star\\.totals=.*$", ""));
        assertEquals(List.of("songplays"), without.resources().declaration().starTotals());

        SchemaArtifact forgotten = SchemaArtifact.copyOfShipped(temp.resolve("forgotten"));
        forgotten.write("schema.properties", forgotten.read("schema.properties")
                .replace("star.totals=songplays, users, songs, artists, time", "star.totals=songplays, daily_plays"));
        SparkfyException e = assertThrows(SparkfyException.class, () -> forgotten.resources().declaration());
        assertEquals("sparkfy-dw/schema.properties: star.totals names daily_plays, which is not a star table"
                + " (star.tables: songplays, users, songs, artists, time, users_history, user_levels,"
                + " songplays_unmatched)", e.getMessage());
    }

    /** The declaration with daily_plays among the star tables and the totals, as the V4 above declares it. */
    private static String withDailyPlays(String properties) {
        String changed = properties
                .replace("star.tables=songplays, users, songs, artists, time,",
                        "star.tables=songplays, users, songs, artists, time, daily_plays,")
                .replace("star.totals=songplays, users, songs, artists, time\n",
                        "star.totals=songplays, users, songs, artists, time, daily_plays\n");
        assertEquals(2, changed.split("daily_plays", -1).length - 1, "the declaration was not changed as meant");
        return changed;
    }

    /** The staging sources as the declaration gives them: each source's location, its declared COPY options. */
    private static List<StagingSource> declaredSources(SqlResources sql, Path sample) {
        Map<String, Path> locations = Map.of("events", sample.resolve("log_data"), "songs", sample.resolve("song_data"));
        List<StagingSource> sources = new ArrayList<>();
        for (StagingTable staging : sql.declaration().stagingTables()) {
            Map<String, String> defaults = staging.defaults();
            sources.add(new StagingSource(staging.table(), locations.get(staging.source()).toString(),
                    CopyOptions.builder().json(JsonFormat.parse(defaults.get("json")))
                            .timeFormat(TimeFormat.time(defaults.get("timeFormat"))).build()));
        }
        return sources;
    }

    /** day -> {plays, distinct listeners}, grouped here from songplays' rows. */
    private static TreeMap<LocalDate, List<Long>> perDayInJava(EmbeddedWarehouse dw) throws Exception {
        TreeMap<LocalDate, List<Long>> days = new TreeMap<>();
        Map<LocalDate, Set<Integer>> listeners = new TreeMap<>();
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT start_time, user_id FROM songplays")) {
            while (rs.next()) {
                LocalDate day = rs.getTimestamp(1).toLocalDateTime().toLocalDate();
                listeners.computeIfAbsent(day, d -> new HashSet<>()).add(rs.getInt(2));
                days.merge(day, List.of(1L, 0L), (a, b) -> List.of(a.get(0) + 1, 0L));
            }
            connection.rollback();
        }
        listeners.forEach((day, users) -> days.put(day, List.of(days.get(day).get(0), (long) users.size())));
        return days;
    }

    private static TreeMap<LocalDate, List<Long>> perDayInWarehouse(EmbeddedWarehouse dw) throws Exception {
        TreeMap<LocalDate, List<Long>> days = new TreeMap<>();
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT day, plays, listeners FROM daily_plays")) {
            while (rs.next()) {
                days.put(rs.getDate(1).toLocalDate(), List.of(rs.getLong(2), rs.getLong(3)));
            }
            connection.rollback();
        }
        return days;
    }
}
