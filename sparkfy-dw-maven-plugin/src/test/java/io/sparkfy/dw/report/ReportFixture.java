package io.sparkfy.dw.report;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.Migration;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.testing.RecordingLog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small star schema for the report tests, created by the schema's own PostgreSQL migrations and filled by SQL,
 * and what the report must say about it, computed here in Java from the same rows (not by the report's SQL).
 */
final class ReportFixture {

    static final String HOSTILE_TITLE = "<script>alert(\"pwn\")</script> & \"Ünïcødé\" Song 'quoted' 音楽";
    static final String HOSTILE_TITLE_ESCAPED =
            "&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &amp; &quot;Ünïcødé&quot; Song &#39;quoted&#39; 音楽";
    static final String HOSTILE_ARTIST = "The \"Quoted\" & Co <b>bold</b>";
    static final String HOSTILE_ARTIST_ESCAPED = "The &quot;Quoted&quot; &amp; Co &lt;b&gt;bold&lt;/b&gt;";

    static final int PLAYS = 40;
    static final LocalDateTime FIRST_PLAY = LocalDateTime.of(2018, 11, 4, 0, 30);   // a Sunday
    static final String[] BROWSERS = {"Chrome", "Firefox", "Safari", null};
    static final String[] OSES = {"Windows", "macOS", "Linux", "iOS", null};
    static final String[] LEVELS = {"free", "paid", "free", "paid", "free", "free"};   // users 1..6
    static final String[] WEEKDAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

    private ReportFixture() {
    }

    static EmbeddedPostgres start() throws Exception {
        return EmbeddedPostgres.builder().start();
    }

    static Connection connect(EmbeddedPostgres postgres, String database) throws SQLException {
        return postgres.getDatabase("postgres", database).getConnection();
    }

    /** A new database holding the fixture's warehouse. */
    static Connection warehouse(EmbeddedPostgres postgres, String database) throws SQLException {
        try (Connection admin = connect(postgres, "postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database + " ENCODING 'UTF8'");
        }
        Connection connection = connect(postgres, database);
        try (Statement statement = connection.createStatement()) {
            for (Migration migration : new SqlResources().migrations(Dialect.POSTGRES)) {
                for (SqlStatement sql : migration.statements()) {
                    statement.execute(sql.sql());
                }
            }
            statement.execute("""
                    INSERT INTO artists VALUES
                        ('AR1', 'Daft Punk', 'Paris', 48.85, 2.35),
                        ('AR2', 'Björk', 'Reykjavík', 64.14, -21.94),
                        ('AR3', 'The "Quoted" & Co <b>bold</b>', NULL, NULL, NULL),
                        ('AR4', 'Sigur Rós', 'Reykjavík', NULL, NULL)""");
            statement.execute("INSERT INTO songs VALUES ('SO1', '" + HOSTILE_TITLE.replace("'", "''")
                    + "', 'AR3', 2018, 200.5), ('SO2', 'Harder, Better, Faster, Stronger', 'AR1', 2001, 224.7),"
                    + " ('SO3', 'Jóga', 'AR2', 1997, 305.0), ('SO4', 'Hoppípolla', 'AR4', 2005, 268.2),"
                    + " ('SO5', 'Around the World', 'AR1', 1997, 429.5)");
            statement.execute("""
                    INSERT INTO users VALUES (1, 'Ana', 'Ñúñez', 'F', 'free'), (2, 'Bo', 'Berg', 'M', 'paid'),
                        (3, 'Chloé', 'Durand', 'F', 'free'), (4, 'Dmitri', 'Ivanov', 'M', 'paid'),
                        (5, 'Eve', 'O''Brien', 'F', 'free'), (6, 'Finn', 'Lee', 'M', 'free')""");
            statement.execute("""
                    INSERT INTO staging_songs (num_songs, artist_id, artist_name, song_id, title, duration, year)
                    VALUES (1, 'AR1', 'Daft Punk', 'SO2', 'Harder, Better, Faster, Stronger', 224.7, 2001),
                           (1, 'AR2', 'Björk', 'SO3', 'Jóga', 305.0, 1997)""");
            statement.execute("""
                    INSERT INTO staging_events (artist, page, sessionid, song, ts, userid, level)
                    VALUES ('Björk', 'NextSong', 100, 'Jóga', '2018-11-04 00:30:00', 1, 'free'),
                           (NULL, 'Home', 101, NULL, '2018-11-04 01:00:00', 2, 'paid'),
                           ('Daft Punk', 'NextSong', 102, 'Harder, Better, Faster, Stronger', '2018-11-04 02:00:00', 3, 'free')""");
        }
        try (Statement statement = connection.createStatement()) {
            // The run history: a deployment, a load and a transform on one day, a failed load the next.
            statement.execute("""
                    INSERT INTO sparkfy_dw_runs (run_id, goal, started, finished, status, run_by, plugin_version,
                        sql_version, schema_version, files, rejections, error) VALUES
                        ('run-1', 'create-tables', '2018-11-14 09:00:00', '2018-11-14 09:00:02', 'success', 'ana',
                         '0.1.0', '0.1.0', 4, NULL, NULL, NULL),
                        ('run-2', 'load-stg', '2018-11-14 09:01:00', '2018-11-14 09:01:30', 'success', 'ana', '0.1.0',
                         '0.1.0', 4, 2, 0, NULL),
                        ('run-3', 'insert-dw', '2018-11-14 09:02:00', '2018-11-14 09:02:05', 'success', 'ana',
                         '0.1.0', '0.1.0', 4, NULL, NULL, NULL),
                        ('run-4', 'load-stg', '2018-11-15 10:00:00', '2018-11-15 10:00:01', 'failed', 'bo', '0.1.0',
                         '0.1.0', 4, NULL, NULL, 'a.json, line 1, column 23: malformed JSON')""");
            statement.execute("""
                    INSERT INTO sparkfy_dw_run_tables (run_id, position, table_name, row_count) VALUES
                        ('run-2', 1, 'staging_events', 3), ('run-2', 2, 'staging_songs', 2),
                        ('run-3', 1, 'songs', 5), ('run-3', 2, 'artists', 4), ('run-3', 3, 'users', 6),
                        ('run-3', 4, 'songplays', 40), ('run-3', 5, 'time', 40)""");
        }
        try (PreparedStatement play = connection.prepareStatement("INSERT INTO songplays (start_time, user_id, level,"
                + " song_id, artist_id, session_id, location, user_agent, browser, os, device)"
                + " VALUES (?, ?, ?, ?, ?, ?, 'Somewhere', 'Mozilla/5.0', ?, ?, 'desktop')");
             PreparedStatement time = connection.prepareStatement("INSERT INTO time VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < PLAYS; i++) {
                LocalDateTime at = playTime(i);
                int user = user(i);
                play.setTimestamp(1, Timestamp.valueOf(at));
                play.setInt(2, user);
                play.setString(3, LEVELS[user - 1]);
                play.setString(4, song(i));
                play.setString(5, artist(i));
                play.setInt(6, 100 + i);
                play.setString(7, BROWSERS[i % BROWSERS.length]);
                play.setString(8, OSES[i % OSES.length]);
                play.executeUpdate();
                time.setTimestamp(1, Timestamp.valueOf(at));
                time.setInt(2, at.getHour());
                time.setInt(3, at.getDayOfMonth());
                time.setInt(4, at.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                time.setInt(5, at.getMonthValue());
                time.setInt(6, at.getYear());
                time.setInt(7, weekday(at));
                time.executeUpdate();
            }
        }
        return connection;
    }

    /** Every 5 h 7 min from the first play: all hours of the day get some plays, over about nine days. */
    static LocalDateTime playTime(int i) {
        return FIRST_PLAY.plusMinutes(i * 307L);
    }

    static int user(int i) {
        return 1 + i % 6;
    }

    /** SO1 (the hostile title) 15 plays, SO2 10, SO3 5, SO4 5, and 5 plays that matched no song. */
    static String song(int i) {
        return switch (i % 8) {
            case 0, 1, 2 -> "SO1";
            case 3, 4 -> "SO2";
            case 5 -> "SO3";
            case 6 -> "SO4";
            default -> null;
        };
    }

    static String artist(int i) {
        String song = song(i);
        return song == null ? null : Map.of("SO1", "AR3", "SO2", "AR1", "SO3", "AR2", "SO4", "AR4").get(song);
    }

    /** How many distinct users played the song. */
    static long listeners(String song) {
        return java.util.stream.IntStream.range(0, PLAYS).filter(i -> song.equals(song(i))).map(ReportFixture::user)
                .distinct().count();
    }

    /** 0 = Sunday, as the time table has it. */
    static int weekday(LocalDateTime at) {
        return at.getDayOfWeek().getValue() % 7;
    }

    static List<Long> expectedPerHour() {
        List<Long> hours = new ArrayList<>(Collections.nCopies(24, 0L));
        for (int i = 0; i < PLAYS; i++) {
            hours.set(playTime(i).getHour(), hours.get(playTime(i).getHour()) + 1);
        }
        return hours;
    }

    static List<Long> expectedPerWeekday() {
        List<Long> days = new ArrayList<>(Collections.nCopies(7, 0L));
        for (int i = 0; i < PLAYS; i++) {
            int day = weekday(playTime(i));
            days.set(day, days.get(day) + 1);
        }
        return days;
    }

    /** Plays per calendar day, every day from the first to the last play (0 where none). */
    static TreeMap<LocalDate, Long> expectedPerDay() {
        TreeMap<LocalDate, Long> days = new TreeMap<>();
        LocalDate first = playTime(0).toLocalDate();
        LocalDate last = playTime(PLAYS - 1).toLocalDate();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            days.put(day, 0L);
        }
        for (int i = 0; i < PLAYS; i++) {
            days.merge(playTime(i).toLocalDate(), 1L, Long::sum);
        }
        return days;
    }

    /** Plays whose song is in the catalogue (every eighth has none). */
    static long matchedPlays() {
        return java.util.stream.IntStream.range(0, PLAYS).filter(i -> song(i) != null).count();
    }

    static long expectedDays() {
        return ChronoUnit.DAYS.between(playTime(0).toLocalDate(), playTime(PLAYS - 1).toLocalDate()) + 1;
    }

    static TreeMap<String, Long> expectedBy(java.util.function.IntFunction<String> key) {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < PLAYS; i++) {
            counts.merge(key.apply(i), 1L, Long::sum);
        }
        return counts;
    }

    static TreeMap<String, Long> expectedByBrowser() {
        return expectedBy(i -> BROWSERS[i % BROWSERS.length] == null ? "Unknown" : BROWSERS[i % BROWSERS.length]);
    }

    static TreeMap<String, Long> expectedByOs() {
        return expectedBy(i -> OSES[i % OSES.length] == null ? "Unknown" : OSES[i % OSES.length]);
    }

    static TreeMap<String, Long> expectedByLevel() {
        return expectedBy(i -> LEVELS[user(i) - 1]);
    }

    /** A log that keeps its lines, prefixed with their level. */
    static final class RecordingLog implements Log {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override public void info(String m) { lines.add("INFO " + m); }
        @Override public void warn(String m) { lines.add("WARN " + m); }
        @Override public void debug(String m) { lines.add("DEBUG " + m); }
    }
}
