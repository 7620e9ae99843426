package io.sparkfy.dw.generate;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Deterministic generator of Sparkfy sample data in the shapes of the public Udacity sample:
 * {@code song_data/A/B/C/TR....json} (one Python-{@code json.dumps}-style object per file, no trailing newline) and
 * {@code log_data/YYYY/MM/YYYY-MM-DD-events.json} (JSON Lines, compact, {@code \/} escaped, last line without
 * newline). The same settings give byte-identical files.
 * Events are streamed to disk; only compact per-song arrays and the user population stay in memory.
 * <p>
 * This class only ties the parts together: the {@code Vocabulary} (word lists, a resource), the {@code SongCatalog}
 * and its {@code SongFiles}, then the {@code LogFiles}, whose {@code EventWriter} plays the users' {@code Sessions}.
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
    static final long DAY_MS = 86_400_000L;

    private final Settings settings;
    private final Consumer<String> progress;
    private final LongSupplier clock;

    public DataGenerator(Settings settings, Consumer<String> progress) {
        this(settings, progress, System::nanoTime);
    }

    /** With a clock of the test's, in nanoseconds: progress lines come when it says 2 s have passed. */
    DataGenerator(Settings settings, Consumer<String> progress, LongSupplier clock) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.settings = settings;
        this.progress = progress == null ? line -> { } : progress;
        this.clock = clock;
    }

    public Result generate() throws IOException {
        Vocabulary vocabulary = Vocabulary.load();
        OutputFolder out = OutputFolder.prepare(settings.outputDirectory());
        long startNanos = clock.getAsLong();
        Progress progress = new Progress(this.progress, clock);
        RandomStreams randoms = new RandomStreams(settings.seed());

        SongCatalog catalog = new SongCatalog(settings.songs(), randoms, vocabulary);
        new SongFiles(out, progress).write(catalog);
        long eventsStartNanos = clock.getAsLong();
        EventStats stats = new LogFiles(randoms, vocabulary, out, progress).write(settings.events(), catalog);

        long end = clock.getAsLong();
        progress.report(String.format(Locale.ROOT,
                "done: %s (%s), %s in %s (%,d NextSong, %,d matching a song), %.1f MB in %.1f s, %,d events/s",
                Progress.count(settings.songs(), "song"), Progress.count(catalog.artistCount(), "artist"),
                Progress.count(settings.events(), "event"), Progress.count(stats.logFiles(), "log file"),
                stats.nextSongEvents(), stats.matchedPlays(), out.bytes() / 1e6, (end - startNanos) / 1e9,
                (long) (settings.events() / Math.max(1e-9, (end - eventsStartNanos) / 1e9))));
        return new Result(settings.songs(), stats.logFiles(), settings.events(), stats.nextSongEvents(),
                stats.matchedPlays(), stats.distinctUsers(), catalog.artistCount(), out.bytes());
    }
}
