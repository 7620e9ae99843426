package io.sparkfy.dw.generate;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.sparkfy.dw.schema.Catalog;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Deterministic generator of Sparkfy sample data in the shapes of the public Udacity sample:
 * {@code song_data/A/B/C/TR....json} (one Python-{@code json.dumps}-style object per file, no trailing newline) and
 * {@code log_data/YYYY/MM/YYYY-MM-DD-events.json} (JSON Lines, compact, {@code \/} escaped, last line without newline).
 * Events are streamed to disk; only compact per-song arrays and the user population stay in memory.
 */
public final class DataGenerator {

    /** seed, number of songs, number of events, output folder (gets song_data/ and log_data/) */
    public record Settings(long seed, int songs, long events, Path outputDirectory) {
        public Settings {
            if (songs < 1) {
                throw new IllegalArgumentException("songs must be at least 1, was " + songs);
            }
            if (events < 0) {
                throw new IllegalArgumentException("events must not be negative, was " + events);
            }
            if (outputDirectory == null) {
                throw new IllegalArgumentException("outputDirectory must not be null");
            }
        }
    }

    /** what was written, computed while writing (used by tests to cross-check a load) */
    public record Result(int songFiles, int logFiles, long events, long nextSongEvents, long matchedPlays,
                         int distinctUsers, int distinctArtists, long bytes) {}

    static final LocalDate FIRST_DAY = LocalDate.of(2018, 11, 1);
    static final int MAX_EVENTS_PER_DAY = 300_000;
    private static final long DAY_MS = 86_400_000L;
    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

    private static final long SALT_TITLE = 0x7469746c65L;
    private static final long SALT_ARTIST = 0x6172746973L;
    private static final long SALT_SONG = 0x736f6e67L;
    private static final long SALT_POOL = 0x706f6f6cL;
    private static final long SALT_EVENTS = 0x6576656e74L;
    private static final long SALT_TRACK_ID = 0x545249L;
    private static final long SALT_SONG_ID = 0x534f49L;
    private static final long SALT_ARTIST_ID = 0x415249L;

    private final Settings settings;
    private final Consumer<String> progress;
    private final JsonFactory songJson;
    private final JsonFactory logJson;

    private long bytes;
    private long startNanos;
    private long eventsStartNanos;
    private long lastReportNanos;

    public DataGenerator(Settings settings, Consumer<String> progress) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
        this.progress = progress == null ? line -> { } : progress;
        // Song files come from Python json.dumps: ", " / ": " separators, \\u00e8-style lowercase escapes, "/" as is.
        this.songJson = new JsonFactoryBuilder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .build();
        // Event logs are compact, escape "/" as "\/" and non-ASCII as lowercase \\u escapes.
        this.logJson = new JsonFactoryBuilder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
                .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
                .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                .rootValueSeparator("\n")
                .build();
    }

    public Result generate() throws IOException {
        Path out = settings.outputDirectory();
        refuseExistingData(out);
        Files.createDirectories(out);
        bytes = 0;
        startNanos = System.nanoTime();
        lastReportNanos = startNanos;

        Catalog catalog = writeSongs(out.resolve("song_data"));
        EventStats stats = writeEvents(out.resolve("log_data"), catalog);

        long end = System.nanoTime();
        progress.accept(String.format(Locale.ROOT,
                "done: %d songs (%d artists), %d events in %d log files (%d NextSong, %d matching a song), "
                        + "%.1f MB in %.1f s, %d events/s",
                settings.songs(), catalog.distinctArtists, settings.events(), stats.logFiles, stats.nextSong,
                stats.matched, bytes / 1e6, (end - startNanos) / 1e9,
                (long) (settings.events() / Math.max(1e-9, (end - eventsStartNanos) / 1e9))));
        return new Result(settings.songs(), stats.logFiles, settings.events(), stats.nextSong, stats.matched,
                stats.distinctUsers, catalog.distinctArtists, bytes);
    }

    // ---------------------------------------------------------------- output folder

    private static void refuseExistingData(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("output folder " + out.toAbsolutePath() + " exists and is not a directory");
        }
        for (String sub : List.of("song_data", "log_data")) {
            Path p = out.resolve(sub);
            if (!Files.exists(p)) {
                continue;
            }
            if (!Files.isDirectory(p)) {
                throw new IOException("refusing to write into " + out.toAbsolutePath() + ": " + p + " is not a directory");
            }
            try (Stream<Path> walk = Files.walk(p)) {
                if (walk.anyMatch(Files::isRegularFile)) {
                    throw new IOException("refusing to write into " + out.toAbsolutePath() + ": " + sub
                            + " already contains files (would mix data sets); use an empty folder");
                }
            }
        }
    }

    private OutputStream create(Path file) throws IOException {
        // CREATE_NEW: never overwrite anything, even if the folder changed under us.
        return new CountingOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    private final class CountingOutputStream extends FilterOutputStream {
        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }
    }

    /** Python json.dumps default separators on one line. */
    private static final class PythonSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    // ---------------------------------------------------------------- songs

    /** Only what plays need; titles and artist names are re-derived on demand to keep the heap small. */
    private final class Catalog {
        final int[] artistOf;
        final int[] durationUnits;
        final int distinctArtists;
        // Popular songs (low indices, see skewed()) are looked up often, so their strings are cached.
        final String[] titleCache;
        final String[] artistNameCache;
        final String[] lengthCache;

        Catalog(int[] artistOf, int[] durationUnits, int distinctArtists) {
            this.artistOf = artistOf;
            this.durationUnits = durationUnits;
            this.distinctArtists = distinctArtists;
            this.titleCache = new String[Math.min(artistOf.length, 1 << 18)];
            this.artistNameCache = new String[Math.min(distinctArtists, 1 << 18)];
            this.lengthCache = new String[titleCache.length];
        }

        String title(int song) {
            return cached(titleCache, song, DataGenerator.this::songTitle);
        }

        String artistName(int artist) {
            return cached(artistNameCache, artist, DataGenerator.this::artistNameOf);
        }

        /** The song's duration as the event's length (the same text as in its song file). */
        String length(int song) {
            return cached(lengthCache, song, i -> decimal5(durationUnits[i]));
        }

        private String cached(String[] cache, int i, IntFunction<String> make) {
            if (i >= cache.length) {
                return make.apply(i);
            }
            String value = cache[i];
            if (value == null) {
                value = cache[i] = make.apply(i);
            }
            return value;
        }
    }

    private String songTitle(int song) {
        return Names.title(rng(SALT_TITLE, song), false);
    }

    private String artistNameOf(int artist) {
        return Names.artist(rng(SALT_ARTIST, artist), false);
    }

    private Catalog writeSongs(Path songRoot) throws IOException {
        int n = settings.songs();
        SplittableRandom rng = rng(SALT_SONG, -1);
        int[] artistOf = new int[n];
        int[] durationUnits = new int[n];
        int artists = 0;
        for (int i = 0; i < n; i++) {
            if (i == 1) {
                artistOf[i] = 0; // guarantees at least one artist with several songs
            } else if (i > 1 && rng.nextInt(100) < 15) {
                artistOf[i] = rng.nextInt(artists);
            } else {
                artistOf[i] = artists++;
            }
            // Even units of 1e-5 s; the unmatched pool uses odd units, so the two can never be equal.
            double seconds = 230.0 * Math.exp(0.4 * rng.nextGaussian());
            seconds = Math.max(20.0, Math.min(1500.0, seconds));
            durationUnits[i] = (int) Math.round(seconds * 100_000.0) & ~1;
        }

        Set<Path> madeDirs = new HashSet<>(); // membership only, never iterated
        for (int i = 0; i < n; i++) {
            SplittableRandom r = rng(SALT_SONG, i);
            String trackId = "TR" + letters(r, 5) + "12" + pick(r, "8", "9", "A") + hex8(scramble(i, SALT_TRACK_ID));
            String songId = "SO" + letters(r, 5) + "12A" + hex8(scramble(i, SALT_SONG_ID));
            int year = r.nextInt(100) < 60 ? 0 : 1960 + r.nextInt(51);
            int a = artistOf[i];
            Artist artist = artist(a);

            Path dir = songRoot.resolve(trackId.substring(2, 3)).resolve(trackId.substring(3, 4))
                    .resolve(trackId.substring(4, 5));
            if (madeDirs.add(dir)) {
                Files.createDirectories(dir);
            }
            try (JsonGenerator g = songJson.createGenerator(create(dir.resolve(trackId + ".json")), JsonEncoding.UTF8)) {
                g.setPrettyPrinter(new PythonSeparators());
                g.writeStartObject();
                g.writeNumberField("num_songs", 1);
                g.writeStringField("artist_id", artist.id);
                g.writeFieldName("artist_latitude");
                writeNumberOrNull(g, artist.latitude);
                g.writeFieldName("artist_longitude");
                writeNumberOrNull(g, artist.longitude);
                g.writeStringField("artist_location", artist.location);
                g.writeStringField("artist_name", artist.name);
                g.writeStringField("song_id", songId);
                g.writeStringField("title", songTitle(i));
                g.writeFieldName("duration");
                g.writeNumber(decimal5(durationUnits[i]));
                g.writeNumberField("year", year);
                g.writeEndObject();
            }
            if ((i & 1023) == 1023) {
                long now = System.nanoTime();
                if (now - lastReportNanos >= REPORT_EVERY_NANOS) {
                    lastReportNanos = now;
                    progress.accept(String.format(Locale.ROOT, "wrote %d / %d song files, %.1f MB", i + 1, n,
                            bytes / 1e6));
                }
            }
        }
        return new Catalog(artistOf, durationUnits, artists);
    }

    private static void writeNumberOrNull(JsonGenerator g, String number) throws IOException {
        if (number == null) {
            g.writeNull();
        } else {
            g.writeNumber(number);
        }
    }

    private record Artist(String id, String name, String latitude, String longitude, String location) {}

    private Artist artist(int a) {
        SplittableRandom r = rng(SALT_ARTIST, a);
        String name = Names.artist(r, false); // must be drawn first: artistNameOf() replays only this
        String id = "AR" + alnum(r, 5) + "11" + pick(r, "8", "9", "A") + hex8(scramble(a, SALT_ARTIST_ID));
        Names.Place place = Names.PLACES[r.nextInt(Names.PLACES.length)];
        String lat = null;
        String lon = null;
        if (r.nextInt(100) >= 55) {
            lat = coordinate(place.lat(), r);
            lon = coordinate(place.lon(), r);
        }
        String location = r.nextInt(100) < 40 ? "" : place.name();
        return new Artist(id, name, lat, lon, location);
    }

    private static String coordinate(double degrees, SplittableRandom r) {
        long units = Math.round(degrees * 100_000) + r.nextInt(-20_000, 20_001);
        if (Math.abs(units) < 10) {
            units += 10; // Python would print |x| < 1e-4 as "7e-05"; the real files never do
        }
        return decimal5(units);
    }

    // ---------------------------------------------------------------- events

    private static final SerializableString F_ARTIST = new SerializedString("artist");
    private static final SerializableString F_AUTH = new SerializedString("auth");
    private static final SerializableString F_FIRST_NAME = new SerializedString("firstName");
    private static final SerializableString F_GENDER = new SerializedString("gender");
    private static final SerializableString F_ITEM = new SerializedString("itemInSession");
    private static final SerializableString F_LAST_NAME = new SerializedString("lastName");
    private static final SerializableString F_LENGTH = new SerializedString("length");
    private static final SerializableString F_LEVEL = new SerializedString("level");
    private static final SerializableString F_LOCATION = new SerializedString("location");
    private static final SerializableString F_METHOD = new SerializedString("method");
    private static final SerializableString F_PAGE = new SerializedString("page");
    private static final SerializableString F_REGISTRATION = new SerializedString("registration");
    private static final SerializableString F_SESSION = new SerializedString("sessionId");
    private static final SerializableString F_SONG = new SerializedString("song");
    private static final SerializableString F_STATUS = new SerializedString("status");
    private static final SerializableString F_TS = new SerializedString("ts");
    private static final SerializableString F_USER_AGENT = new SerializedString("userAgent");
    private static final SerializableString F_USER_ID = new SerializedString("userId");

    private static final class EventStats {
        int logFiles;
        long nextSong;
        long matched;
        int distinctUsers;
    }

    private static final class Users {
        final String[] id;
        final String[] firstName;
        final String[] lastName;
        final String[] gender;
        final String[] location;
        final String[] agent;
        final String[] registration;
        final boolean[] paid;
        final long[][] switchAt; // global event index at which the user next submits an up/downgrade
        final int[] nextSwitch;
        final boolean[] inSession;
        final boolean[] seen;

        Users(int n) {
            id = new String[n];
            firstName = new String[n];
            lastName = new String[n];
            gender = new String[n];
            location = new String[n];
            agent = new String[n];
            registration = new String[n];
            paid = new boolean[n];
            switchAt = new long[n][];
            nextSwitch = new int[n];
            inSession = new boolean[n];
            seen = new boolean[n];
        }
    }

    private static final class Session {
        final int user;
        final int id;
        int item;
        int remaining;
        boolean loggedIn;
        int browseBeforeLogin;

        Session(int user, int id) {
            this.user = user;
            this.id = id;
        }
    }

    private Users users(SplittableRandom r, long events, long firstDayMs) {
        int n = (int) Math.max(10, Math.min(1000, events / 80));
        Users u = new Users(n);
        int nextId = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            u.id[i] = Integer.toString(nextId);
            nextId += r.nextInt(100) < 10 ? 2 : 1;
            boolean female = r.nextBoolean();
            u.gender[i] = female ? "F" : "M";
            u.firstName[i] = female ? pick(r, Names.FEMALE) : pick(r, Names.MALE);
            u.lastName[i] = pick(r, Names.LAST);
            u.location[i] = pick(r, Names.METROS);
            u.agent[i] = Names.AGENTS[Math.min(Names.AGENTS.length - 1, (int) (Names.AGENTS.length * square(r)))];
            u.registration[i] = (firstDayMs - r.nextLong(3_600_000L, 45 * DAY_MS)) + ".0";
            int kind = r.nextInt(100);
            if (kind < 10) {
                // Level changers: free->paid, paid->free, or paid->free->paid; the latest event decides the level.
                double t1 = 0.1 + 0.5 * r.nextDouble();
                int shape = r.nextInt(100);
                if (shape < 60) {
                    u.paid[i] = false;
                    u.switchAt[i] = new long[] {(long) (t1 * events)};
                } else if (shape < 80) {
                    u.paid[i] = true;
                    u.switchAt[i] = new long[] {(long) (t1 * events)};
                } else {
                    u.paid[i] = true;
                    double t2 = t1 + 0.1 + 0.25 * r.nextDouble();
                    u.switchAt[i] = new long[] {(long) (t1 * events), (long) (t2 * events)};
                }
            } else {
                u.paid[i] = kind < 32;
                u.switchAt[i] = new long[0];
            }
        }
        return u;
    }

    private EventStats writeEvents(Path logRoot, Catalog catalog) throws IOException {
        long total = settings.events();
        long perDay = Math.max(1, Math.min(MAX_EVENTS_PER_DAY, (total + 29) / 30));
        eventsStartNanos = System.nanoTime();
        long firstDayMs = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        SplittableRandom r = rng(SALT_EVENTS, -1);
        Users users = users(r, total, firstDayMs);
        int userCount = users.id.length;
        int maxSessions = Math.max(1, Math.min(40, userCount / 4));
        int poolSize = (int) Math.max(500, Math.min(50_000, total / 20));
        String[][] pool = new String[poolSize][];
        List<Session> sessions = new ArrayList<>();
        int nextSessionId = 1 + r.nextInt(20);

        EventStats stats = new EventStats();
        long written = 0;
        int day = 0;
        do {
            LocalDate date = FIRST_DAY.plusDays(day);
            long dayStart = firstDayMs + day * DAY_MS;
            long count = Math.min(perDay, total - written);
            Path dir = logRoot.resolve(String.format(Locale.ROOT, "%04d", date.getYear()))
                    .resolve(String.format(Locale.ROOT, "%02d", date.getMonthValue()));
            Files.createDirectories(dir);
            Path file = dir.resolve(date + "-events.json");
            long gapMean = Math.max(1, (DAY_MS - 1) / (count + 1));
            long prevTs = dayStart - 1;
            try (JsonGenerator g = logJson.createGenerator(create(file), JsonEncoding.UTF8)) {
                for (long k = 0; k < count; k++) {
                    // Strictly increasing and always leaves 1 ms for each remaining event of the day.
                    long ts = Math.min(prevTs + 1 + r.nextLong(2 * gapMean - 1), dayStart + DAY_MS - (count - k));
                    prevTs = ts;

                    if (sessions.isEmpty() || (sessions.size() < maxSessions && r.nextInt(8) == 0)) {
                        sessions.add(startSession(r, users, nextSessionId++));
                    }
                    int si = r.nextInt(sessions.size());
                    Session s = sessions.get(si);
                    writeEvent(g, r, s, users, catalog, pool, written, ts, stats);
                    written++;
                    if (s.remaining <= 0) {
                        users.inSession[s.user] = false;
                        Session last = sessions.remove(sessions.size() - 1);
                        if (si < sessions.size()) {
                            sessions.set(si, last);
                        }
                    }
                    if ((written & 8191) == 0) {
                        maybeReport(written, total, stats.logFiles + 1);
                    }
                }
            }
            stats.logFiles++;
            day++;
        } while (written < total);

        int distinct = 0;
        for (boolean b : users.seen) {
            if (b) {
                distinct++;
            }
        }
        stats.distinctUsers = distinct;
        return stats;
    }

    private Session startSession(SplittableRandom r, Users users, int sessionId) {
        int n = users.id.length;
        int user;
        do {
            user = Math.min(n - 1, (int) (n * square(r))); // some users are much more active
        } while (users.inSession[user]);
        users.inSession[user] = true;
        Session s = new Session(user, sessionId);
        s.remaining = 1 + (int) (-Math.log(1.0 - r.nextDouble()) * 16);
        if (r.nextInt(100) < 20) {
            s.loggedIn = false;
            s.browseBeforeLogin = r.nextInt(3);
        } else {
            s.loggedIn = true;
        }
        return s;
    }

    private void writeEvent(JsonGenerator g, SplittableRandom r, Session s, Users users, Catalog catalog,
                            String[][] pool, long index, long ts, EventStats stats) throws IOException {
        int u = s.user;
        boolean loggedInEvent = s.loggedIn;
        String page;
        String method = "GET";
        int status = 200;
        String artist = null;
        String song = null;
        String length = null;
        boolean flipLevel = false;

        if (!s.loggedIn) {
            if (s.browseBeforeLogin > 0) {
                s.browseBeforeLogin--;
                int p = r.nextInt(100);
                page = p < 75 ? "Home" : p < 90 ? "About" : "Help";
            } else {
                page = "Login";
                method = "PUT";
                status = 307;
                s.loggedIn = true;
            }
        } else {
            long[] switches = users.switchAt[u];
            int ns = users.nextSwitch[u];
            if (ns < switches.length && index >= switches[ns]) {
                page = users.paid[u] ? "Submit Downgrade" : "Submit Upgrade";
                method = "PUT";
                status = 307;
                flipLevel = true;
                users.nextSwitch[u] = ns + 1;
            } else if (s.remaining == 1 && r.nextInt(100) < 40) {
                page = "Logout";
            } else {
                int p = r.nextInt(1000);
                if (p < 70) {
                    page = "Home";
                } else if (p < 82) {
                    page = "Settings";
                } else if (p < 85) {
                    page = "Save Settings";
                } else if (p < 94) {
                    page = "Help";
                } else if (p < 99) {
                    page = "About";
                } else if (p < 113) {
                    page = users.paid[u] ? "Downgrade" : "Upgrade";
                } else if (p < 115) {
                    page = "Error";
                    status = 404;
                } else if (p < 123) {
                    page = "Logout";
                } else {
                    page = "NextSong";
                }
            }
            switch (page) {
                case "Logout" -> {
                    method = "PUT";
                    status = 307;
                    s.loggedIn = false;
                    s.browseBeforeLogin = r.nextInt(2);
                }
                case "Save Settings" -> {
                    method = "PUT";
                    status = 307;
                }
                case "NextSong" -> {
                    method = "PUT";
                    stats.nextSong++;
                    if (r.nextInt(100) < 40) {
                        int i = skewed(r, catalog.artistOf.length);
                        song = catalog.title(i);
                        artist = catalog.artistName(catalog.artistOf[i]);
                        length = catalog.length(i);
                        stats.matched++;
                    } else {
                        int p = skewed(r, pool.length);
                        String[] e = pool[p];
                        if (e == null) {
                            e = pool[p] = poolEntry(p);
                        }
                        song = e[0];
                        artist = e[1];
                        length = e[2];
                    }
                }
                default -> { }
            }
        }
        s.item++;
        s.remaining--;

        g.writeStartObject();
        g.writeFieldName(F_ARTIST);
        writeStringOrNull(g, artist);
        g.writeFieldName(F_AUTH);
        g.writeString(loggedInEvent ? "Logged In" : "Logged Out");
        g.writeFieldName(F_FIRST_NAME);
        writeStringOrNull(g, loggedInEvent ? users.firstName[u] : null);
        g.writeFieldName(F_GENDER);
        writeStringOrNull(g, loggedInEvent ? users.gender[u] : null);
        g.writeFieldName(F_ITEM);
        g.writeNumber(s.item - 1);
        g.writeFieldName(F_LAST_NAME);
        writeStringOrNull(g, loggedInEvent ? users.lastName[u] : null);
        g.writeFieldName(F_LENGTH);
        writeNumberOrNull(g, length);
        g.writeFieldName(F_LEVEL);
        g.writeString(users.paid[u] ? "paid" : "free");
        g.writeFieldName(F_LOCATION);
        writeStringOrNull(g, loggedInEvent ? users.location[u] : null);
        g.writeFieldName(F_METHOD);
        g.writeString(method);
        g.writeFieldName(F_PAGE);
        g.writeString(page);
        g.writeFieldName(F_REGISTRATION);
        writeNumberOrNull(g, loggedInEvent ? users.registration[u] : null);
        g.writeFieldName(F_SESSION);
        g.writeNumber(s.id);
        g.writeFieldName(F_SONG);
        writeStringOrNull(g, song);
        g.writeFieldName(F_STATUS);
        g.writeNumber(status);
        g.writeFieldName(F_TS);
        g.writeNumber(ts);
        g.writeFieldName(F_USER_AGENT);
        writeStringOrNull(g, loggedInEvent ? users.agent[u] : null);
        g.writeFieldName(F_USER_ID);
        g.writeString(loggedInEvent ? users.id[u] : "");
        g.writeEndObject();

        if (loggedInEvent) {
            users.seen[u] = true;
        }
        if (flipLevel) {
            users.paid[u] = !users.paid[u]; // the Submit event itself still shows the old level
        }
    }

    /** title, artist, length of a play that matches no generated song (odd duration units). */
    private String[] poolEntry(int p) {
        SplittableRandom r = rng(SALT_POOL, p);
        String title = Names.title(r, true);
        String artist = Names.artist(r, true);
        double seconds = Math.max(15.0, Math.min(1800.0, 235.0 * Math.exp(0.45 * r.nextGaussian())));
        long units = Math.round(seconds * 100_000.0) | 1;
        return new String[] {title, artist, decimal5(units)};
    }

    private static void writeStringOrNull(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private void maybeReport(long written, long total, int files) {
        long now = System.nanoTime();
        if (now - lastReportNanos < REPORT_EVERY_NANOS) {
            return;
        }
        lastReportNanos = now;
        double seconds = Math.max(1e-9, (now - eventsStartNanos) / 1e9);
        progress.accept(String.format(Locale.ROOT, "generated %d / %d events, %d log files, %.1f MB, %d events/s",
                written, total, files, bytes / 1e6, (long) (written / seconds)));
    }

    // ---------------------------------------------------------------- helpers

    /** Fixed 5-decimal value printed like Python's repr: trailing zeros dropped, at least one decimal. */
    static String decimal5(long units) {
        StringBuilder b = new StringBuilder(16);
        if (units < 0) {
            b.append('-');
            units = -units;
        }
        b.append(units / 100_000).append('.');
        long frac = units % 100_000;
        if (frac == 0) {
            return b.append('0').toString();
        }
        String f = Long.toString(100_000 + frac).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return b.append(f, 0, end).toString();
    }

    private SplittableRandom rng(long salt, long index) {
        return new SplittableRandom(mix64(mix64(settings.seed() ^ salt) + index * 0x9E3779B97F4A7C15L));
    }

    /** Bijective on 32 bits, so ids built from it are unique without a set. */
    private int scramble(int index, long salt) {
        return (int) (index * 0x9E3779B1L + mix64(settings.seed() ^ salt));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double square(SplittableRandom r) {
        double x = r.nextDouble();
        return x * x;
    }

    /** Popularity skew: low indices are played far more often. */
    private static int skewed(SplittableRandom r, int n) {
        return Math.min(n - 1, (int) (n * square(r)));
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static String hex8(int v) {
        char[] c = new char[8];
        for (int i = 7; i >= 0; i--) {
            c[i] = HEX[v & 15];
            v >>>= 4;
        }
        return new String(c);
    }

    private static String letters(SplittableRandom r, int n) {
        return randomChars(r, n, UPPER);
    }

    private static String alnum(SplittableRandom r, int n) {
        return randomChars(r, n, ALNUM);
    }

    private static String randomChars(SplittableRandom r, int n, String alphabet) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    @SafeVarargs
    private static <T> T pick(SplittableRandom r, T... values) {
        return values[r.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- vocabulary

    private static final class Names {
        record Place(String name, double lat, double lon) {}

        static final Place[] PLACES = {
                new Place("Nashville, TN.", 36.16778, -86.77836),
                new Place("California - SF", 37.77916, -122.42005),
                new Place("New York, NY", 40.71455, -74.00712),
                new Place("London, England", 51.50632, -0.12714),
                new Place("Chicago, IL", 41.88415, -87.63241),
                new Place("Los Angeles, CA", 34.05349, -118.24532),
                new Place("Detroit, MI", 42.33168, -83.04792),
                new Place("Seattle, WA", 47.60356, -122.32944),
                new Place("Atlanta, GA", 33.74831, -84.39111),
                new Place("Austin, TX", 30.26759, -97.74299),
                new Place("Kingston, Jamaica", 17.99702, -76.79358),
                new Place("Reykjavík, Iceland", 64.13548, -21.89541),
                new Place("Paris, France", 48.85693, 2.3412),
                new Place("Berlin, Germany", 52.51607, 13.37698),
                new Place("Stockholm, Sweden", 59.33217, 18.06243),
                new Place("São Paulo, Brazil", -23.5477, -46.63665),
                new Place("México D.F.", 19.43205, -99.13321),
                new Place("Tokyo, Japan", 35.68949, 139.69171),
                new Place("Melbourne, Australia", -37.81753, 144.96715),
                new Place("Montréal, Québec, Canada", 45.51228, -73.55439),
                new Place("Dublin, Ireland", 53.34376, -6.24953),
                new Place("Manchester, England", 53.4796, -2.24881),
                new Place("New Orleans, LA", 29.95369, -90.07771),
                new Place("Memphis, TN", 35.14968, -90.04892),
                new Place("Hamilton, Ontario, Canada", 43.25404, -79.86723),
                new Place("Oakland, CA", 37.80506, -122.27302),
                new Place("Bogotá, Colombia", 4.59805, -74.07608),
                new Place("Kraków, Poland", 50.06045, 19.93243),
        };

        static final String[] TITLE_WORDS = {
                "Love", "Night", "Heart", "Fire", "Rain", "Dream", "Summer", "City", "Blue", "Gold", "Dance",
                "River", "Light", "Shadow", "Girl", "Boy", "Road", "Home", "Time", "Sky", "Star", "Moon", "Sun",
                "Song", "Baby", "Money", "Soul", "World", "Angel", "Devil", "Ghost", "Train", "Ocean", "Winter",
                "Midnight", "Morning", "Tonight", "Forever", "Never", "Again", "Little", "Big", "Wild", "Sweet",
                "Broken", "Lonely", "Crazy", "Electric", "Silent", "Golden", "Black", "White", "Red", "Hollow",
                "Paper", "Glass", "Stone", "Iron", "Velvet", "Neon", "Secret", "Lost", "Young", "Last", "First",
                "Only", "Falling", "Running", "Burning", "Dancing", "Waiting", "Calling", "Back", "Down", "Up",
                "Over", "Under", "Away", "Together", "Alone", "Kiss", "Tears", "Eyes", "Hands", "Streets",
                "Lights", "Bells", "Wings", "Waves", "Days", "Rose", "Thunder", "Storm", "Wind", "Desert",
                "Mountain", "Island", "Highway", "Station", "Garden", "Mirror", "Window", "Radio", "Machine",
                "Rocket", "The", "Of", "In", "My", "Your", "On", "To", "A", "Me", "You", "Like", "With", "For",
        };

        static final String[] ACCENTED_WORDS = {
                "Café", "Señorita", "Corazón", "Mañana", "Canción", "Déjà Vu", "Naïve", "Über", "Straße",
                "Fiancée", "Piñata", "Ça Va", "Niño", "Résumé", "Ångström", "Fröhlich", "Größer", "Coração",
                "Saudade", "Olé", "Crème Brûlée", "Noël", "Mélodie", "Été", "Hyvää Yötä", "Débâcle", "Santafè",
                "lalaleulé", "Niña", "Pequeño", "Über Alles", "Mädchen", "Ôde", "Añoranza", "Déesse",
        };

        static final String[] FOREIGN_TITLES = {
                "東京", "さくら", "夜空", "ありがとう", "恋のうた", "月光", "花火", "雨上がり", "夏の終わり",
                "Москва", "Любовь", "Звезда", "Καλημέρα", "사랑해", "Ďakujem", "Żegnaj", "Ölüm Yok",
        };

        static final String[] APOSTROPHE_WORDS = {
                "Don't", "I'm", "Can't", "Won't", "Rock'n'Roll", "Ain't", "It's", "Lovin'", "Nothin'", "'Round",
                "Goin'", "She's", "Y'all", "O'Clock",
        };

        static final String[] SUFFIXES = {
                " (Live)", " (Remix)", " (Album Version)", " (Radio Edit)", " - Live", " (Acoustic)",
                " (LP Version)", " (Remastered)",
        };

        static final String[] FAMOUS_NON_ASCII = {
                "Beyoncé", "Sigur Rós", "Björk", "Mötley Crüe", "Motörhead", "Blue Öyster Cult", "Café Tacuba",
                "Mägo de Oz", "Hüsker Dü", "Jóhann Jóhannsson", "Röyksopp", "Múm", "Alizée", "Zoé", "Maná",
                "Salif Keïta", "Édith Piaf", "Céline Dion", "Françoise Hardy", "Plácido Domingo",
                "Montserrat Caballé", "坂本龍一", "宇多田ヒカル", "きゃりーぱみゅぱみゅ", "Кино", "Ñu",
                "Los Fabulosos Cadillacs & Rubén Blades", "Amadou & Mariam", "Emil Gilels/Orchestre de la Société",
        };

        static final String[] QUOTED_ARTISTS = {
                "Des'ree", "Guns N' Roses", "Sinéad O'Connor", "D'Angelo", "Ol' Dirty Bastard", "'Til Tuesday",
                "\"Weird Al\" Yankovic", "Kenny \"Blues Boss\" Wayne", "Edward \"Kid\" Ory", "Lil' Kim",
                "Dexys Midnight Runners", "Mary's Danish",
        };

        static final String[] ACCENTED_FIRST = {
                "José", "André", "Zoë", "Björn", "Sören", "Renée", "Chloé", "François", "Jürgen", "Raúl",
                "Agnès", "Inés", "Léa", "Åke", "Jérôme",
        };

        static final String[] MALE = {
                "Walter", "Jacob", "Ryan", "Kevin", "Aiden", "Matthew", "Jayden", "Dylan", "Elijah", "Carter",
                "Lucas", "Noah", "Mohammad", "Theodore", "Wyatt", "Jordan", "Chase", "Tucker", "Cienna",
                "Colm", "Emerson", "Evan", "Jaleel", "Mason", "Sean", "Henry", "Alan", "Oliver", "Samuel", "Isaac",
        };

        static final String[] FEMALE = {
                "Kaylee", "Lily", "Tegan", "Chloe", "Jacqueline", "Sara", "Stefany", "Anabelle", "Ava", "Layla",
                "Katherine", "Rylan", "Aleena", "Jizelle", "Avery", "Brayden", "Kinsley", "Harper", "Morgan",
                "Celeste", "Emily", "Ella", "Molly", "Sophie", "Zoe", "Hannah", "Madison", "Natalie", "Olivia",
        };

        static final String[] LAST = {
                "Frye", "Summers", "Koch", "Levine", "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia",
                "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson",
                "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
                "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
                "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson",
                "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Cruz", "Cuevas",
                "Kirby", "Jenkins", "Cook", "Duffy", "Byrd",
        };

        static final String[] METROS = {
                "San Francisco-Oakland-Hayward, CA", "Phoenix-Mesa-Scottsdale, AZ",
                "Chicago-Naperville-Elgin, IL-IN-WI", "New York-Newark-Jersey City, NY-NJ-PA",
                "Los Angeles-Long Beach-Anaheim, CA", "Atlanta-Sandy Springs-Roswell, GA",
                "Houston-The Woodlands-Sugar Land, TX", "Lansing-East Lansing, MI",
                "Tampa-St. Petersburg-Clearwater, FL", "Detroit-Warren-Dearborn, MI", "Seattle-Tacoma-Bellevue, WA",
                "Portland-South Portland, ME", "Waterloo-Cedar Falls, IA", "Red Bluff, CA", "Janesville-Beloit, WI",
                "Birmingham-Hoover, AL", "Winston-Salem, NC", "Salinas, CA", "Marinette, WI-MI",
                "Santa Maria-Santa Barbara, CA", "Nashville-Davidson--Murfreesboro--Franklin, TN", "Tucson, AZ",
                "Dallas-Fort Worth-Arlington, TX", "Miami-Fort Lauderdale-West Palm Beach, FL",
                "Boston-Cambridge-Newton, MA-NH", "Denver-Aurora-Lakewood, CO", "Columbia, SC",
                "Augusta-Richmond County, GA-SC", "Myrtle Beach-Conway-North Myrtle Beach, SC-NC", "Richmond, VA",
        };

        // As in the real logs: agents containing a comma are wrapped in literal quotes (CSV-style), others are not.
        static final String[] AGENTS = {
                "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
                "\"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
                "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) Version/7.0.6 Safari/537.78.2\"",
                "Mozilla/5.0 (Windows NT 5.1; rv:31.0) Gecko/20100101 Firefox/31.0",
                "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36\"",
                "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/37.0.2062.94 Safari/537.36\"",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:31.0) Gecko/20100101 Firefox/31.0",
                "\"Mozilla/5.0 (Windows NT 6.3; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
                "\"Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"",
                "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0",
                "\"Mozilla/5.0 (iPad; CPU OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53\"",
                "\"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/35.0.1916.153 Safari/537.36\"",
                "Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
                "\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/36.0.1985.143 Safari/537.36\"",
                "Mozilla/5.0 (X11; Linux x86_64; rv:31.0) Gecko/20100101 Firefox/31.0",
                "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; WOW64; Trident/6.0)",
        };

        /** exotic: the unmatched pool, with more non-ASCII and some double-encoded (mojibake) text like the real logs. */
        static String title(SplittableRandom r, boolean exotic) {
            int kind = r.nextInt(1000);
            String t;
            if (kind < (exotic ? 30 : 12)) {
                t = pick(r, FOREIGN_TITLES);
                if (r.nextBoolean()) {
                    t = t + " " + pick(r, FOREIGN_TITLES);
                }
            } else {
                int words = 1 + r.nextInt(4);
                StringBuilder b = new StringBuilder();
                for (int w = 0; w < words; w++) {
                    if (w > 0) {
                        b.append(' ');
                    }
                    int p = r.nextInt(100);
                    if (p < (exotic ? 6 : 3)) {
                        b.append(pick(r, ACCENTED_WORDS));
                    } else if (p < (exotic ? 10 : 6)) {
                        b.append(pick(r, APOSTROPHE_WORDS));
                    } else {
                        b.append(pick(r, TITLE_WORDS));
                    }
                }
                t = b.toString();
                if (r.nextInt(1000) < 8) {
                    t = t + " \\ " + pick(r, TITLE_WORDS); // rare backslash
                }
                if (r.nextInt(100) < 2) {
                    t = "\"" + t + "\"";
                }
                if (r.nextInt(100) < 6) {
                    t = t + pick(r, SUFFIXES);
                }
            }
            if (exotic && r.nextInt(100) < 4) {
                t = mojibake(t);
            }
            return t;
        }

        static String artist(SplittableRandom r, boolean exotic) {
            int kind = r.nextInt(100);
            String a;
            if (kind < (exotic ? 14 : 7)) {
                a = pick(r, FAMOUS_NON_ASCII);
            } else if (kind < (exotic ? 20 : 12)) {
                a = pick(r, QUOTED_ARTISTS);
            } else if (kind < 40) {
                String first = r.nextInt(100) < (exotic ? 25 : 10) ? pick(r, ACCENTED_FIRST)
                        : r.nextBoolean() ? pick(r, MALE) : pick(r, FEMALE);
                a = first + " " + pick(r, LAST);
            } else if (kind < 60) {
                a = "The " + pick(r, TITLE_WORDS) + " " + plural(pick(r, TITLE_WORDS));
            } else if (kind < 75) {
                a = pick(r, TITLE_WORDS) + " " + pick(r, TITLE_WORDS);
            } else if (kind < 85) {
                a = pick(r, MALE) + " " + pick(r, LAST) + " & The " + plural(pick(r, TITLE_WORDS));
            } else if (kind < 93) {
                a = pick(r, "DJ ", "MC ", "Lil ", "") + pick(r, TITLE_WORDS);
            } else {
                a = pick(r, LAST) + " feat. " + pick(r, FEMALE) + " " + pick(r, LAST);
            }
            if (r.nextInt(1000) < 2) {
                a = a + "\\" + pick(r, TITLE_WORDS); // rare backslash
            }
            if (exotic && r.nextInt(100) < 5) {
                a = mojibake(a);
            }
            return a;
        }

        static String plural(String word) {
            return word.endsWith("s") ? word : word + "s";
        }

        /** UTF-8 read as Latin-1 twice: "é" becomes "Ã\u0083Â©", as in the real logs. */
        static String mojibake(String s) {
            String once = new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            return new String(once.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        }
    }
}
