package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.DataGenerator.DAY_MS;
import static io.sparkfy.dw.generate.DataGenerator.FIRST_DAY;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes log_data/YYYY/MM/YYYY-MM-DD-events.json: one file a day from {@link DataGenerator#FIRST_DAY}, about a
 * thirtieth of the events each (at most {@value #MAX_EVENTS_PER_DAY}), JSON Lines, the last line without a newline.
 */
final class LogFiles {

    static final int MAX_EVENTS_PER_DAY = 300_000;
    private static final long SALT_EVENTS = 0x6576656e74L;

    private final RandomStreams randoms;
    private final Vocabulary vocabulary;
    private final OutputFolder out;
    private final Progress progress;

    LogFiles(RandomStreams randoms, Vocabulary vocabulary, OutputFolder out, Progress progress) {
        this.randoms = randoms;
        this.vocabulary = vocabulary;
        this.out = out;
        this.progress = progress;
    }

    EventStats write(long total, SongCatalog catalog) throws IOException {
        long startNanos = progress.now();
        long firstDayMs = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        // One stream for the whole log: the users, then each event's time, session and page, in turn.
        SplittableRandom r = randoms.stream(SALT_EVENTS, -1);
        Users users = Users.draw(r, total, firstDayMs, vocabulary);
        EventWriter events = new EventWriter(r, users, new Plays(catalog, randoms, vocabulary, total));
        long perDay = Math.max(1, Math.min(MAX_EVENTS_PER_DAY, (total + 29) / 30));
        int day = 0;
        do {
            long count = Math.min(perDay, total - events.written());
            DayClock clock = new DayClock(r, firstDayMs + day * DAY_MS, count);
            int files = day + 1;
            try (JsonGenerator g = SampleJson.EVENT_LOGS.createGenerator(out.create(dayFile(day)),
                    JsonEncoding.UTF8)) {
                for (long k = 0; k < count; k++) {
                    events.write(g, clock.next());
                    if ((events.written() & 8191) == 0) {
                        long written = events.written();
                        progress.reportIfDue(now -> String.format(Locale.ROOT, "generate-data: %s, %s, %.1f MB,"
                                + " %,d events/s", Progress.share(written, total, "event"),
                                Progress.count(files, "log file"), out.bytes() / 1e6,
                                (long) (written / Math.max(1e-9, (now - startNanos) / 1e9))));
                    }
                }
            }
            day++;
        } while (events.written() < total);
        return new EventStats(day, events.nextSongs(), events.matchedPlays(), users.distinctSeen());
    }

    private Path dayFile(int day) throws IOException {
        LocalDate date = FIRST_DAY.plusDays(day);
        Path dir = out.logData().resolve(String.format(Locale.ROOT, "%04d", date.getYear()))
                .resolve(String.format(Locale.ROOT, "%02d", date.getMonthValue()));
        Files.createDirectories(dir);
        return dir.resolve(date + "-events.json");
    }

    /** The times of one day's events: strictly increasing, and always 1 ms left for each event still to come. */
    private static final class DayClock {
        private final SplittableRandom r;
        private final long dayEnd;
        private final long count;
        private final long gapMean;
        private long previous;
        private long k;

        DayClock(SplittableRandom r, long dayStart, long count) {
            this.r = r;
            this.dayEnd = dayStart + DAY_MS;
            this.count = count;
            this.gapMean = Math.max(1, (DAY_MS - 1) / (count + 1));
            this.previous = dayStart - 1;
        }

        long next() {
            long ts = Math.min(previous + 1 + r.nextLong(2 * gapMean - 1), dayEnd - (count - k));
            k++;
            previous = ts;
            return ts;
        }
    }
}
