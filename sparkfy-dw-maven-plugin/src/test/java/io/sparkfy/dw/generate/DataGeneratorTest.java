package io.sparkfy.dw.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest {

    private static final List<String> SONG_KEYS = List.of("num_songs", "artist_id", "artist_latitude",
            "artist_longitude", "artist_location", "artist_name", "song_id", "title", "duration", "year");
    private static final List<String> EVENT_KEYS = List.of("artist", "auth", "firstName", "gender", "itemInSession",
            "lastName", "length", "level", "location", "method", "page", "registration", "sessionId", "song",
            "status", "ts", "userAgent", "userId");
    private static final Pattern TRACK_FILE = Pattern.compile("TR[A-Z0-9]{16}\\.json");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d{1,5}");
    private static final Set<String> LOGGED_OUT_PAGES = Set.of("Home", "Login", "About", "Help");
    private static final JsonFactory JSON = new JsonFactory();

    @TempDir
    Path tmp;

    private static DataGenerator.Result generate(long seed, int songs, long events, Path dir) throws IOException {
        List<String> progress = new ArrayList<>();
        DataGenerator.Result result = new DataGenerator(new DataGenerator.Settings(seed, songs, events, dir),
                progress::add).generate();
        assertFalse(progress.isEmpty(), "a final progress line is expected");
        assertTrue(progress.get(progress.size() - 1).startsWith("done"), progress.toString());
        assertTrue(progress.size() < 20, "progress must not be per record: " + progress.size() + " lines");
        return result;
    }

    /**
     * Progress reads as a sentence: separators, the share done and a rate. The test's clock moves a second each
     * time it is read, so every check reports (a progress line is due after two seconds).
     */
    @Test
    void progressLinesAreFormatted() throws IOException {
        List<String> progress = new ArrayList<>();
        long[] now = {0};
        new DataGenerator(new DataGenerator.Settings(3, 2_048, 20_000, tmp.resolve("out")), progress::add,
                () -> now[0] += 1_000_000_000L).generate();
        assertTrue(progress.stream().anyMatch(l -> l.matches(
                "generate-data: [\\d,]+ of 2,048 song files \\(\\d+ %\\) written, \\d+\\.\\d MB")), progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.matches("generate-data: 8,192 of 20,000 events \\(40 %\\),"
                + " \\d+ log files?, \\d+\\.\\d MB, [\\d,]+ events/s")), progress.toString());
        String done = progress.get(progress.size() - 1);
        assertTrue(done.matches("done: 2,048 songs \\([\\d,]+ artists\\), 20,000 events in 30 log files"
                + " \\([\\d,]+ NextSong, [\\d,]+ matching a song\\), \\d+\\.\\d MB in \\d+\\.\\d s, [\\d,]+ events/s"), done);
        assertFalse(progress.stream().anyMatch(l -> l.contains(" / ")), progress.toString());
    }

    /** relative path -> bytes, sorted by path */
    private static Map<String, byte[]> tree(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @Test
    void sameSeedWritesByteIdenticalTrees() throws IOException {
        DataGenerator.Result a = generate(11, 300, 20_000, tmp.resolve("a"));
        DataGenerator.Result b = generate(11, 300, 20_000, tmp.resolve("b"));
        assertEquals(a, b);
        Map<String, byte[]> ta = tree(tmp.resolve("a"));
        Map<String, byte[]> tb = tree(tmp.resolve("b"));
        assertEquals(300 + 30, ta.size());
        assertEquals(ta.keySet(), tb.keySet());
        for (Map.Entry<String, byte[]> e : ta.entrySet()) {
            assertArrayEquals(e.getValue(), tb.get(e.getKey()), e.getKey());
        }
    }

    /** Pins the output itself, not just its repeatability: example-project/pom.xml names these settings. */
    @Test
    void writesTheExampleProjectsDataAgain() throws IOException {
        Map<String, byte[]> expected = tree(Path.of("..", "example-project", "data"));
        generate(2018, 150, 6_000, tmp.resolve("example"));
        Map<String, byte[]> actual = tree(tmp.resolve("example"));
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            // A Windows checkout may have turned the logs' \n into \r\n; nothing else may differ.
            String[] committed = new String(e.getValue(), StandardCharsets.UTF_8).split("\r?\n", -1);
            String[] written = new String(actual.get(e.getKey()), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < Math.min(committed.length, written.length); i++) {
                assertEquals(committed[i], written[i], e.getKey() + " line " + (i + 1));
            }
            assertEquals(committed.length, written.length, e.getKey() + ": lines");
        }
    }

    @Test
    void differentSeedWritesDifferentData() throws IOException {
        generate(11, 50, 2_000, tmp.resolve("a"));
        generate(12, 50, 2_000, tmp.resolve("b"));
        Map<String, byte[]> ta = tree(tmp.resolve("a"));
        Map<String, byte[]> tb = tree(tmp.resolve("b"));
        assertNotEquals(ta.keySet(), tb.keySet(), "track ids should differ");
        String firstLog = "log_data/2018/11/2018-11-01-events.json";
        assertFalse(Arrays.equals(ta.get(firstLog), tb.get(firstLog)), "event logs should differ");
    }

    @Test
    void resultMatchesWhatIsReadBackFromDisk() throws IOException {
        Path out = tmp.resolve("out");
        DataGenerator.Result result = generate(5, 400, 30_000, out);

        // ---- songs
        Set<String> songKeys = new HashSet<>();
        Set<String> songIds = new HashSet<>();
        Set<String> trackIds = new HashSet<>();
        Set<String> artistIds = new HashSet<>();
        int songFiles = 0;
        int nonAsciiTitles = 0;
        int nullLatitudes = 0;
        int emptyLocations = 0;
        int zeroYears = 0;
        long songBytes = 0;
        List<Path> songPaths;
        try (Stream<Path> walk = Files.walk(out.resolve("song_data"))) {
            songPaths = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        for (Path p : songPaths) {
            String name = p.getFileName().toString();
            assertTrue(TRACK_FILE.matcher(name).matches(), name);
            Path rel = out.resolve("song_data").relativize(p);
            assertEquals(4, rel.getNameCount(), rel.toString());
            for (int i = 0; i < 3; i++) {
                assertEquals(String.valueOf(name.charAt(2 + i)), rel.getName(i).toString(), rel.toString());
            }
            assertTrue(trackIds.add(name), "duplicate track " + name);

            byte[] bytes = Files.readAllBytes(p);
            songBytes += bytes.length;
            assertEquals('}', bytes[bytes.length - 1], "no trailing newline in " + name);
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertFalse(text.contains("\n"), name);
            assertTrue(text.startsWith("{\"num_songs\": 1, \"artist_id\": \""), text);
            for (byte x : bytes) {
                assertTrue(x >= 0x20, "non-ASCII must be \\u-escaped like the real files: " + text);
            }

            Map<String, String> v = new HashMap<>();
            try (JsonParser jp = JSON.createParser(bytes)) {
                assertEquals(JsonToken.START_OBJECT, jp.nextToken());
                for (String key : SONG_KEYS) {
                    assertEquals(JsonToken.FIELD_NAME, jp.nextToken(), text);
                    assertEquals(key, jp.currentName(), text);
                    JsonToken t = jp.nextToken();
                    v.put(key, t == JsonToken.VALUE_NULL ? null : jp.getText());
                }
                assertEquals(JsonToken.END_OBJECT, jp.nextToken(), text);
                assertNull(jp.nextToken(), "exactly one object in " + name);
            }
            songFiles++;
            assertEquals("1", v.get("num_songs"));
            assertTrue(v.get("song_id").matches("SO[A-Z0-9]{16}"), v.get("song_id"));
            assertTrue(v.get("artist_id").matches("AR[A-Z0-9]{16}"), v.get("artist_id"));
            assertTrue(songIds.add(v.get("song_id")), "duplicate song id " + v.get("song_id"));
            artistIds.add(v.get("artist_id"));
            assertTrue(DECIMAL.matcher(v.get("duration")).matches(), v.get("duration"));
            assertEquals(v.get("artist_latitude") == null, v.get("artist_longitude") == null, text);
            if (v.get("artist_latitude") == null) {
                nullLatitudes++;
            } else {
                assertTrue(DECIMAL.matcher(v.get("artist_latitude")).matches(), text);
            }
            if (v.get("artist_location").isEmpty()) {
                emptyLocations++;
            }
            int year = Integer.parseInt(v.get("year"));
            if (year == 0) {
                zeroYears++;
            } else {
                assertTrue(year >= 1960 && year <= 2010, text);
            }
            if (v.get("title").chars().anyMatch(c -> c > 127)) {
                nonAsciiTitles++;
            }
            songKeys.add(v.get("title") + '\u0000' + v.get("artist_name") + '\u0000' + v.get("duration"));
        }
        assertEquals(result.songFiles(), songFiles);
        assertEquals(400, songFiles);
        assertEquals(result.distinctArtists(), artistIds.size());
        assertTrue(artistIds.size() < songFiles, "some artists have several songs");
        assertTrue(nonAsciiTitles > 0, "at least one non-ASCII title");
        assertTrue(nullLatitudes > 400 * 0.4 && nullLatitudes < 400 * 0.7, "null coordinates " + nullLatitudes);
        assertTrue(emptyLocations > 400 * 0.25 && emptyLocations < 400 * 0.55, "empty locations " + emptyLocations);
        assertTrue(zeroYears > 400 * 0.45 && zeroYears < 400 * 0.75, "year 0 " + zeroYears);

        // ---- events
        List<Path> logPaths;
        try (Stream<Path> walk = Files.walk(out.resolve("log_data"))) {
            logPaths = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
        assertEquals(result.logFiles(), logPaths.size());
        assertEquals(30, logPaths.size(), "30000 events spread as ~1000 per day");

        long events = 0;
        long nextSong = 0;
        long matched = 0;
        long loggedOut = 0;
        long logBytes = 0;
        long lastTs = Long.MIN_VALUE;
        int quotedAgents = 0;
        Set<String> users = new HashSet<>();
        Set<String> agents = new HashSet<>();
        Map<String, Set<String>> levelsByUser = new HashMap<>();
        Map<String, Integer> lastItemBySession = new HashMap<>();
        Set<String> pages = new HashSet<>();
        LocalDate day = DataGenerator.FIRST_DAY;
        for (Path p : logPaths) {
            String expected = String.format("%04d/%02d/%s-events.json", day.getYear(), day.getMonthValue(), day);
            assertEquals(expected, out.resolve("log_data").relativize(p).toString().replace('\\', '/'));
            long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            day = day.plusDays(1);

            byte[] bytes = Files.readAllBytes(p);
            logBytes += bytes.length;
            assertEquals('}', bytes[bytes.length - 1], "last line without newline in " + p);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            for (String line : lines) {
                Map<String, String> v = new HashMap<>();
                Map<String, JsonToken> types = new HashMap<>();
                try (JsonParser jp = JSON.createParser(line)) {
                    assertEquals(JsonToken.START_OBJECT, jp.nextToken(), line);
                    for (String key : EVENT_KEYS) {
                        assertEquals(JsonToken.FIELD_NAME, jp.nextToken(), line);
                        assertEquals(key, jp.currentName(), line);
                        JsonToken t = jp.nextToken();
                        types.put(key, t);
                        v.put(key, t == JsonToken.VALUE_NULL ? null : jp.getText());
                    }
                    assertEquals(JsonToken.END_OBJECT, jp.nextToken(), line);
                    assertNull(jp.nextToken(), "one object per line: " + line);
                }
                events++;
                long ts = Long.parseLong(v.get("ts"));
                assertEquals(JsonToken.VALUE_NUMBER_INT, types.get("ts"));
                assertTrue(ts > lastTs, "ts strictly increasing: " + line);
                assertTrue(ts >= dayStart && ts < dayStart + 86_400_000L, "ts inside the file's day: " + line);
                lastTs = ts;
                assertTrue(v.get("level").equals("free") || v.get("level").equals("paid"), line);
                assertEquals(JsonToken.VALUE_NUMBER_INT, types.get("sessionId"), line);

                String session = v.get("sessionId");
                int item = Integer.parseInt(v.get("itemInSession"));
                Integer previous = lastItemBySession.put(session, item);
                assertEquals(previous == null ? 0 : previous + 1, item, "itemInSession sequence: " + line);

                String page = v.get("page");
                pages.add(page);
                String userId = v.get("userId");
                if (userId.isEmpty()) {
                    loggedOut++;
                    assertEquals("Logged Out", v.get("auth"), line);
                    assertTrue(LOGGED_OUT_PAGES.contains(page), line);
                    for (String k : List.of("firstName", "lastName", "gender", "location", "registration",
                            "userAgent")) {
                        assertNull(v.get(k), k + " in " + line);
                    }
                } else {
                    assertTrue(userId.matches("\\d+"), line);
                    assertEquals("Logged In", v.get("auth"), line);
                    users.add(userId);
                    levelsByUser.computeIfAbsent(userId, k -> new HashSet<>()).add(v.get("level"));
                    assertEquals(JsonToken.VALUE_NUMBER_FLOAT, types.get("registration"), line);
                    assertTrue(v.get("registration").matches("\\d{13}\\.0"), line);
                    assertTrue(line.contains("\"registration\":" + v.get("registration") + ","), line);
                    String agent = v.get("userAgent");
                    agents.add(agent);
                    assertTrue(agent.contains("/") && agent.contains(";"), agent);
                    if (agent.startsWith("\"")) {
                        quotedAgents++;
                        assertTrue(agent.endsWith("\"") && agent.length() > 2, agent);
                    }
                    if (agent.contains(",")) {
                        assertTrue(agent.startsWith("\"") && agent.endsWith("\""), agent);
                    }
                    assertTrue(v.get("gender").equals("M") || v.get("gender").equals("F"), line);
                    assertTrue(v.get("location").matches(".+, [A-Z]{2}.*"), line);
                }

                if (page.equals("NextSong")) {
                    nextSong++;
                    assertEquals("PUT", v.get("method"), line);
                    assertEquals("200", v.get("status"), line);
                    assertEquals(JsonToken.VALUE_NUMBER_FLOAT, types.get("length"), line);
                    assertTrue(DECIMAL.matcher(v.get("length")).matches(), line);
                    String key = v.get("song") + '\u0000' + v.get("artist") + '\u0000' + v.get("length");
                    if (songKeys.contains(key)) {
                        matched++;
                    }
                } else {
                    assertNull(v.get("song"), line);
                    assertNull(v.get("artist"), line);
                    assertNull(v.get("length"), line);
                    String expectedMethod = page.equals("Logout") || page.equals("Login")
                            || page.equals("Save Settings") || page.startsWith("Submit") ? "PUT" : "GET";
                    assertEquals(expectedMethod, v.get("method"), line);
                    String expectedStatus = page.equals("Error") ? "404"
                            : expectedMethod.equals("PUT") ? "307" : "200";
                    assertEquals(expectedStatus, v.get("status"), line);
                }
            }
        }
        assertEquals(result.events(), events);
        assertEquals(30_000, events);
        assertEquals(result.nextSongEvents(), nextSong);
        assertEquals(result.matchedPlays(), matched);
        assertEquals(result.distinctUsers(), users.size());
        assertEquals(result.bytes(), songBytes + logBytes);

        assertTrue(nextSong > events * 0.7 && nextSong < events * 0.9, "NextSong share " + nextSong);
        assertTrue(matched > nextSong * 0.3 && matched < nextSong * 0.5, "matched share " + matched);
        assertTrue(loggedOut > events * 0.01 && loggedOut < events * 0.06, "logged out " + loggedOut);
        assertTrue(users.size() > 300 && users.size() <= 375, "users " + users.size());
        assertTrue(agents.size() >= 5, "distinct agents " + agents);
        assertTrue(quotedAgents > 0, "some userAgent values are wrapped in quotes");
        assertTrue(levelsByUser.values().stream().filter(s -> s.size() == 2).count() >= 5,
                "some users play at both levels");
        assertTrue(pages.containsAll(Set.of("NextSong", "Home", "Login", "Logout", "Settings", "Help", "About",
                "Upgrade", "Downgrade", "Save Settings", "Submit Upgrade", "Error")), pages.toString());
    }

    @Test
    void levelSubmissionsChangeTheLevelOfLaterEvents() throws IOException {
        Path out = tmp.resolve("out");
        generate(3, 50, 20_000, out);
        Map<String, String> pendingChange = new HashMap<>(); // userId -> level expected on the next event
        int checked = 0;
        for (String line : allLines(out)) {
            Map<String, String> v = parseFlat(line);
            String user = v.get("userId");
            if (user.isEmpty()) {
                continue;
            }
            String expected = pendingChange.remove(user);
            if (expected != null) {
                assertEquals(expected, v.get("level"), line);
                checked++;
            }
            if (v.get("page").equals("Submit Upgrade")) {
                assertEquals("free", v.get("level"), line);
                pendingChange.put(user, "paid");
            } else if (v.get("page").equals("Submit Downgrade")) {
                assertEquals("paid", v.get("level"), line);
                pendingChange.put(user, "free");
            }
        }
        assertTrue(checked > 0, "no level change was followed by another event");
    }

    @Test
    void unmatchedPlaysCanNeverEqualASong() throws IOException {
        Path out = tmp.resolve("out");
        generate(8, 100, 5_000, out);
        Set<String> titlesAndArtists = new HashSet<>();
        Set<String> durations = new HashSet<>();
        try (Stream<Path> walk = Files.walk(out.resolve("song_data"))) {
            for (Path p : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                Map<String, String> v = parseFlat(Files.readString(p));
                titlesAndArtists.add(v.get("title") + '\u0000' + v.get("artist_name"));
                durations.add(v.get("duration"));
                assertEquals(0, units(v.get("duration")) % 2, "song durations use even 1e-5 units: " + p);
            }
        }
        int matchedByName = 0;
        int unmatchedPlays = 0;
        for (String line : allLines(out)) {
            Map<String, String> v = parseFlat(line);
            if (!"NextSong".equals(v.get("page"))) {
                continue;
            }
            if (titlesAndArtists.contains(v.get("song") + '\u0000' + v.get("artist"))
                    && durations.contains(v.get("length"))) {
                matchedByName++;
            } else {
                unmatchedPlays++;
                assertFalse(durations.contains(v.get("length")), "pool length equal to a song duration: " + line);
                // the mechanism that makes a collision impossible, not just unlikely
                assertEquals(1, units(v.get("length")) % 2, "unmatched lengths use odd 1e-5 units: " + line);
            }
        }
        assertTrue(matchedByName > 0 && unmatchedPlays > 0, matchedByName + " / " + unmatchedPlays);
    }

    @Test
    void zeroEventsStillWritesOneEmptyLogFile() throws IOException {
        Path out = tmp.resolve("out");
        DataGenerator.Result r = generate(1, 1, 0, out);
        assertEquals(new DataGenerator.Result(1, 1, 0, 0, 0, 0, 1, r.bytes()), r);
        Path log = out.resolve("log_data/2018/11/2018-11-01-events.json");
        assertEquals(0, Files.size(log));
        assertEquals(r.bytes(), tree(out).values().stream().mapToLong(b -> b.length).sum());
    }

    @Test
    void fewEventsAreSpreadOverDays() throws IOException {
        Path out = tmp.resolve("out");
        DataGenerator.Result r = generate(1, 3, 95, out); // ceil(95 / 30) = 4 per day: 23 full days + 3
        assertEquals(24, r.logFiles());
        List<String> lines = allLines(out);
        assertEquals(95, lines.size());
        assertEquals(4, Files.readString(out.resolve("log_data/2018/11/2018-11-23-events.json")).split("\n").length);
        assertEquals(3, Files.readString(out.resolve("log_data/2018/11/2018-11-24-events.json")).split("\n").length);
        assertFalse(Files.exists(out.resolve("log_data/2018/11/2018-11-25-events.json")));
    }

    @Test
    void refusesAFolderThatAlreadyHoldsData() throws IOException {
        Path out = tmp.resolve("out");
        generate(1, 5, 100, out);
        Map<String, byte[]> before = tree(out);
        IOException e = assertThrows(IOException.class,
                () -> new DataGenerator(new DataGenerator.Settings(2, 5, 100, out), s -> { }).generate());
        assertTrue(e.getMessage().contains(out.toAbsolutePath().toString()), e.getMessage());
        Map<String, byte[]> after = tree(out);
        assertEquals(before.keySet(), after.keySet());
        for (String k : before.keySet()) {
            assertArrayEquals(before.get(k), after.get(k), k);
        }

        // only log_data holding a file is enough to refuse
        Path logsOnly = tmp.resolve("logsOnly");
        Files.createDirectories(logsOnly.resolve("log_data/2018/11"));
        Files.writeString(logsOnly.resolve("log_data/2018/11/old.json"), "{}");
        assertThrows(IOException.class,
                () -> new DataGenerator(new DataGenerator.Settings(2, 5, 100, logsOnly), s -> { }).generate());
    }

    @Test
    void acceptsEmptyDataFoldersAndUnrelatedFiles() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("song_data/A/B"));
        Files.createDirectories(out.resolve("log_data"));
        Files.writeString(out.resolve("README.txt"), "keep me");
        DataGenerator.Result r = generate(1, 5, 100, out);
        assertEquals(5, r.songFiles());
        assertEquals("keep me", Files.readString(out.resolve("README.txt")));
    }

    @Test
    void settingsAreValidated() {
        Path p = tmp.resolve("x");
        IllegalArgumentException songs = assertThrows(IllegalArgumentException.class,
                () -> new DataGenerator.Settings(1, 0, 10, p));
        assertTrue(songs.getMessage().contains("songs"), songs.getMessage());
        IllegalArgumentException events = assertThrows(IllegalArgumentException.class,
                () -> new DataGenerator.Settings(1, 1, -1, p));
        assertTrue(events.getMessage().contains("events"), events.getMessage());
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class,
                () -> new DataGenerator.Settings(1, 1, 1, null));
        assertTrue(dir.getMessage().contains("outputDirectory"), dir.getMessage());
    }

    // ---------------------------------------------------------------- helpers

    private static long units(String decimal) {
        return new java.math.BigDecimal(decimal).movePointRight(5).longValueExact();
    }

    private static List<String> allLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(out.resolve("log_data"))) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                String text = Files.readString(p);
                if (!text.isEmpty()) {
                    lines.addAll(Arrays.asList(text.split("\n", -1)));
                }
            }
        }
        return lines;
    }

    /** one flat JSON object: key -> raw scalar text (null for JSON null) */
    private static Map<String, String> parseFlat(String json) throws IOException {
        Map<String, String> v = new HashMap<>();
        try (JsonParser jp = JSON.createParser(json)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) {
                fail("not an object: " + json);
            }
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String key = jp.currentName();
                JsonToken t = jp.nextToken();
                v.put(key, t == JsonToken.VALUE_NULL ? null : jp.getText());
            }
        }
        return v;
    }
}
