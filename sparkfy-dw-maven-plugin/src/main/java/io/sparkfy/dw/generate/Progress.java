package io.sparkfy.dw.generate;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/** Progress lines for the build log: at most one every two seconds, however fast records are written. */
final class Progress {

    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

    private final Consumer<String> sink;
    private final LongSupplier clock;
    private long lastReportNanos;

    Progress(Consumer<String> sink, LongSupplier clock) {
        this.sink = sink;
        this.clock = clock;
        this.lastReportNanos = clock.getAsLong();
    }

    /** Nanoseconds on this progress's clock. */
    long now() {
        return clock.getAsLong();
    }

    /** Reports the line made for the clock's current time if the last report is old enough. */
    void reportIfDue(LongFunction<String> lineAt) {
        long now = clock.getAsLong();
        if (now - lastReportNanos >= REPORT_EVERY_NANOS) {
            lastReportNanos = now;
            sink.accept(lineAt.apply(now));
        }
    }

    void report(String line) {
        sink.accept(line);
    }

    /** "12,288 of 2,000,000 events (1 %)": how far, with separators, as a share of the whole. */
    static String share(long done, long total, String noun) {
        return String.format(Locale.ROOT, "%,d of %s (%d %%)", done, count(total, noun),
                total == 0 ? 100 : done * 100 / total);
    }

    /** A count and its noun, agreeing ("1 log file", "30 log files"); the same figures whatever the locale. */
    static String count(long count, String noun) {
        return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? noun : noun + "s");
    }
}
