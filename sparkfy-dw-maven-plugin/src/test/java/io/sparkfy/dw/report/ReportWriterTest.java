package io.sparkfy.dw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    private static EmbeddedPostgres postgres;
    private static Connection connection;
    private static ReportFixture.RecordingLog log;
    private static Path index;
    private static String html;

    @TempDir
    static Path output;

    @BeforeAll
    static void writeReport() throws Exception {
        postgres = ReportFixture.start();
        connection = ReportFixture.warehouse(postgres, "warehouse");
        log = new ReportFixture.RecordingLog();
        index = new ReportWriter(connection, log).write(output.resolve("report"));
        html = Files.readString(index, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void writesOneSelfContainedPage() throws Exception {
        assertEquals(output.resolve("report").resolve("index.html"), index);
        assertTrue(Files.size(index) > 5_000, "index.html is only " + Files.size(index) + " bytes");
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        for (String reference : List.of("http://", "https://", "//cdn", "src=", "href=", "url(", "@import",
                "<link", "<img", "<iframe")) {
            assertFalse(html.toLowerCase().contains(reference), "index.html contains " + reference);
        }
        // Nothing may load from anywhere: the policy allows no source but the page's own script and style.
        assertTrue(html.contains("default-src 'none'"), "no Content-Security-Policy");
        assertEquals(2, count(html, "<script"), "a data block and the drawing script, and no other script");
        assertEquals(1, count(html, "<style"));
        // One placeholder per chart, drawn by the script (ReportRenderTest proves it draws).
        assertEquals(List.of("plays_per_hour", "plays_per_weekday", "plays_by_level", "plays_by_browser",
                "plays_by_os", "plays_per_day"), matches(html, "<svg [^>]*data-chart=\"([a-z_]+)\""));
        assertTrue(html.contains("Generated <time datetime="));
    }

    @Test
    void headerShowsTheWarehouseRowCounts() {
        String counts = between(html, "<table class=\"counts\"", "</table>");
        for (String[] row : new String[][] {{"songplays", "40"}, {"users", "6"}, {"songs", "5"}, {"artists", "4"},
                {"time", "40"}, {"staging_events", "3"}, {"staging_songs", "2"}}) {
            assertTrue(counts.contains("<td>" + row[0] + "</td><td class=\"num\">" + row[1] + "</td>"),
                    row[0] + " " + row[1] + " not in " + counts);
        }
        assertTrue(html.indexOf("<table class=\"counts\"") < html.indexOf("<main>"), "the counts are in the header");
    }

    @Test
    void escapesEveryValue() {
        assertTrue(html.contains(ReportFixture.HOSTILE_TITLE_ESCAPED), "the title is not escaped as expected");
        assertTrue(html.contains(ReportFixture.HOSTILE_ARTIST_ESCAPED), "the artist is not escaped as expected");
        assertFalse(html.contains(ReportFixture.HOSTILE_TITLE));
        assertFalse(html.contains(ReportFixture.HOSTILE_ARTIST));
        assertFalse(html.contains("<script>alert"));
        assertFalse(html.contains("<b>bold"));
        assertFalse(html.contains("</script> &"));
        // Non-ASCII text is written as it is, in UTF-8.
        assertTrue(html.contains("Björk") && html.contains("Hoppípolla") && html.contains("音楽"));
        // In the chart data the same strings are JSON with < > & as \\u escapes, which cannot close the element.
        String data = between(html, "<script type=\"application/json\" id=\"report-data\">", "</script>");
        assertFalse(data.contains("<") || data.contains(">") || data.contains("&"));
        // The top songs table: hostile title first, with its artist and 15 plays.
        // Beside the top songs and artists, how many plays matched a song: only those count there.
        long matched = ReportFixture.matchedPlays();
        String rate = "<p class=\"match\" data-matched=\"" + matched + "\" data-plays=\"" + ReportFixture.PLAYS
                + "\">" + matched + " of " + ReportFixture.PLAYS + " plays (" + String.format(java.util.Locale.US,
                "%.1f", 100.0 * matched / ReportFixture.PLAYS) + " %) matched a song of the catalogue (title, artist"
                + " and length): only those count here.</p>";
        assertEquals("35 of 40 plays (87.5 %)", matched + " of " + ReportFixture.PLAYS + " plays (87.5 %)");
        assertTrue(between(html, "<section class=\"card\" id=\"top_songs\">", "</section>").contains(rate), html);
        assertTrue(between(html, "<section class=\"card\" id=\"top_artists\">", "</section>").contains(rate), html);
        assertEquals(2, count(html, "class=\"match\""), "the rate is told beside those two tables only");
        assertFalse(html.contains("id=\"match_rate\""), "no card of its own");
        String songs = between(html, "<table data-table=\"top_songs\">", "</table>");
        assertTrue(songs.contains("<td class=\"num\">1</td><td>" + ReportFixture.HOSTILE_TITLE_ESCAPED + "</td><td>"
                + ReportFixture.HOSTILE_ARTIST_ESCAPED + "</td><td class=\"num\">15</td>"), songs);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHoldsTheRawResults() throws Exception {
        Path jsonFile = index.resolveSibling("report.json");
        Map<String, Object> json = (Map<String, Object>) TestJson.parse(Files.readString(jsonFile));
        assertEquals(Map.of("songplays", 40L, "users", 6L, "songs", 5L, "artists", 4L, "time", 40L,
                "staging_events", 3L, "staging_songs", 2L), json.get("row_counts"));
        Map<String, List<List<Object>>> rows = new TreeMap<>();
        for (Object query : (List<Object>) json.get("queries")) {
            Map<String, Object> q = (Map<String, Object>) query;
            rows.put((String) q.get("name"), (List<List<Object>>) q.get("rows"));
            assertTrue(((String) q.get("description")).length() > 20, q.toString());
        }
        assertEquals(13, rows.size());
        assertEquals(List.of(List.of((long) ReportFixture.PLAYS, ReportFixture.matchedPlays())),
                rows.get("match_rate"));

        List<Long> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            assertEquals((long) h, rows.get("plays_per_hour").get(h).get(0));
            hours.add((Long) rows.get("plays_per_hour").get(h).get(1));
        }
        assertEquals(24, rows.get("plays_per_hour").size());
        // Worked out by hand from the fixture's schedule (play i at 00:30 + i x 307 min), not by its helper: hours
        // 9 and 14 get no play and must be listed with 0, not left out.
        assertEquals(List.of(2L, 2L, 2L, 2L, 1L, 2L, 2L, 1L, 3L, 0L, 3L, 2L, 1L, 2L, 0L, 3L, 1L, 2L, 1L, 1L, 3L, 1L, 2L,
                1L), hours);
        assertEquals(ReportFixture.expectedPerHour(), hours);

        assertEquals(7, rows.get("plays_per_weekday").size());
        for (int d = 0; d < 7; d++) {
            assertEquals(List.of((long) d, ReportFixture.WEEKDAYS[d], ReportFixture.expectedPerWeekday().get(d)),
                    rows.get("plays_per_weekday").get(d));
        }

        assertEquals(List.of(
                List.of(ReportFixture.HOSTILE_TITLE, ReportFixture.HOSTILE_ARTIST, 15L, ReportFixture.listeners("SO1")),
                List.of("Harder, Better, Faster, Stronger", "Daft Punk", 10L, ReportFixture.listeners("SO2")),
                List.of("Hoppípolla", "Sigur Rós", 5L, ReportFixture.listeners("SO4")),
                List.of("Jóga", "Björk", 5L, ReportFixture.listeners("SO3"))), rows.get("top_songs"));
        assertEquals(List.of(
                List.of(ReportFixture.HOSTILE_ARTIST, 15L, 1L, ReportFixture.listeners("SO1")),
                List.of("Daft Punk", 10L, 1L, ReportFixture.listeners("SO2")),
                List.of("Björk", 5L, 1L, ReportFixture.listeners("SO3")),
                List.of("Sigur Rós", 5L, 1L, ReportFixture.listeners("SO4"))), rows.get("top_artists"));

        assertEquals(ReportFixture.expectedByLevel(), toMap(rows.get("plays_by_level")));
        assertEquals(ReportFixture.expectedByBrowser(), toMap(rows.get("plays_by_browser")));
        assertEquals(ReportFixture.expectedByOs(), toMap(rows.get("plays_by_os")));
        TreeMap<String, Long> days = new TreeMap<>();
        ReportFixture.expectedPerDay().forEach((day, plays) -> {
            if (plays > 0) {
                days.put(day.toString(), plays);
            }
        });
        assertEquals(days, toMap(rows.get("plays_per_day")));
        for (String query : rows.keySet()) {
            if (!query.equals("row_counts") && !query.startsWith("top_") && !query.equals("match_rate") && !LOADS.contains(query)) {
                long plays = 0;
                for (List<Object> row : rows.get(query)) {
                    plays += (Long) row.get(query.equals("plays_per_weekday") ? 2 : 1);
                }
                assertEquals(ReportFixture.PLAYS, plays, query + " does not count every play once");
            }
        }
    }

    @Test
    void logsOneLinePerQueryAndASummary() {
        List<String> info = log.lines.stream().filter(l -> l.startsWith("INFO ")).toList();
        assertEquals(14, info.size(), info.toString());
        assertTrue(info.get(0).matches("INFO report: row_counts: 7 rows in \\d+ ms"), info.get(0));
        assertTrue(info.get(1).matches("INFO report: plays_per_hour: 24 rows in \\d+ ms"), info.get(1));
        assertTrue(info.get(13).matches("INFO report: 13 queries, \\d+ rows in \\d+ ms; wrote .*index\\.html \\(\\d+ KiB\\)"
                + " and report\\.json in [\\d.]+ s"), info.get(13));
        assertTrue(log.lines.stream().noneMatch(l -> l.startsWith("WARN ")), log.lines.toString());
    }

    @Test
    void leavesTheConnectionAsItFoundIt() throws Exception {
        assertTrue(connection.getAutoCommit());
        assertFalse(connection.isReadOnly());
    }

    @Test
    void runsReadOnly() throws Exception {
        // A report query that wrote would fail: the writer's transaction is read-only.
        ReportQuery writing = ReportQuery.parse("sparkfy-dw/report/evil.sql", "-- writes\nDELETE FROM users");
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                if (name.equals("sparkfy-dw/report/index.txt")) {
                    return new java.io.ByteArrayInputStream("evil.sql\n".getBytes(StandardCharsets.UTF_8));
                }
                if (name.equals("sparkfy-dw/report/evil.sql")) {
                    return new java.io.ByteArrayInputStream(("-- writes\n" + writing.sql()).getBytes(StandardCharsets.UTF_8));
                }
                return super.getResourceAsStream(name);
            }
        };
        SparkfyException e = assertThrows(SparkfyException.class, () -> new ReportWriter(connection,
                new ReportFixture.RecordingLog(), loader).write(output.resolve("evil")));
        assertTrue(e.getMessage().contains("evil.sql failed") && e.getMessage().contains("read-only"), e.getMessage());
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("SELECT COUNT(*) FROM users")) {
            result.next();
            assertEquals(6, result.getInt(1));
        }
        assertFalse(Files.exists(output.resolve("evil").resolve("index.html")));
    }

    @Test
    void missingStarTableSaysToRunInsertDw() throws Exception {
        try (Connection admin = ReportFixture.connect(postgres, "postgres");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE empty_warehouse");
        }
        try (Connection empty = ReportFixture.connect(postgres, "empty_warehouse")) {
            try (Statement statement = empty.createStatement()) {
                statement.execute("CREATE TABLE users (user_id INTEGER PRIMARY KEY)");
            }
            SparkfyException e = assertThrows(SparkfyException.class,
                    () -> new ReportWriter(empty, new ReportFixture.RecordingLog()).write(output.resolve("empty")));
            assertEquals("report: the warehouse has no table songplays, songs, artists, time, users_history, user_levels,"
                    + " songplays_unmatched, staging_events, staging_songs, sparkfy_dw_runs, sparkfy_dw_run_tables:"
                    + " run create-tables and insert-dw first", e.getMessage());
            assertTrue(empty.getAutoCommit(), "the connection is usable again");
            try (Statement statement = empty.createStatement()) {
                statement.execute("SELECT 1");
            }
        }
        assertFalse(Files.exists(output.resolve("empty")));
    }

    private static final List<String> LOADS = List.of("freshness", "recent_runs", "rows_loaded_per_day");

    @Test
    @SuppressWarnings("unchecked")
    void loadsSectionListsTheRunsTheirRowsPerDayAndTheFreshness() throws Exception {
        String loads = between(html, "<section class=\"card wide group\" id=\"loads\">", "</section>");
        assertTrue(loads.startsWith("\n<h2>Loads</h2>"), loads);
        assertEquals(LOADS, matches(loads, "<table data-table=\"([a-z_]+)\""), "its three parts, in one card");
        String runs = between(loads, "<table data-table=\"recent_runs\">", "</table>");
        assertEquals(List.of("2018-11-15T10:00", "2018-11-14T09:02", "2018-11-14T09:01", "2018-11-14T09:00"),
                matches(runs, "<tr><td>([0-9T:-]+)</td>"), "newest first");
        assertTrue(runs.contains("<td>load-stg</td><td>failed</td><td></td><td class=\"num\">0</td><td></td>"
                + "<td>bo</td><td>a.json, line 1, column 23: malformed JSON</td>"), runs);
        assertTrue(runs.contains("<td>insert-dw</td><td>success</td><td></td><td class=\"num\">95</td>"), runs);
        assertTrue(runs.contains("<td>load-stg</td><td>success</td><td class=\"num\">2</td><td class=\"num\">5</td>"
                + "<td class=\"num\">0</td>"), runs);

        Map<String, Object> json = (Map<String, Object>) TestJson.parse(Files.readString(index.resolveSibling(
                "report.json")));
        Map<String, Object> section = (Map<String, Object>) json.get("loads");
        assertEquals(Map.of("newest_play", ReportFixture.playTime(ReportFixture.PLAYS - 1).toString(),
                "last_load_stg", "2018-11-14T09:01:30", "last_insert_dw", "2018-11-14T09:02:05"),
                section.get("freshness"), "the failed load of the 15th is not a load");
        assertEquals(List.of(Map.of("load_date", "2018-11-14", "staged_rows", 5L, "star_rows", 95L)),
                section.get("rows_loaded_per_day"));
        assertEquals(List.of("load-stg", "insert-dw", "load-stg", "create-tables"),
                ((List<Map<String, Object>>) section.get("recent_runs")).stream().map(r -> r.get("goal")).toList());
    }

    private static TreeMap<String, Long> toMap(List<List<Object>> rows) {
        TreeMap<String, Long> map = new TreeMap<>();
        rows.forEach(row -> map.put((String) row.get(0), (Long) row.get(1)));
        return map;
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertTrue(from >= 0, "no " + start);
        int to = text.indexOf(end, from + start.length());
        assertTrue(to >= 0, "no " + end + " after " + start);
        return text.substring(from + start.length(), to);
    }
}
