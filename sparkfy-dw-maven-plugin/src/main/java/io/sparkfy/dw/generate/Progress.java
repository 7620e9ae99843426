package io.sparkfy.dw.generate;

import java.util.function.Consumer;
import java.util.function.LongFunction;

/** Progress lines for the build log: at most one every two seconds, however fast records are written. */
final class Progress {

    private static final long REPORT_EVERY_NANOS = 2_000_000_000L;

    private final Consumer<String> sink;
    private long lastReportNanos;

    Progress(Consumer<String> sink) {
        this.sink = sink;
        this.lastReportNanos = System.nanoTime();
    }

    /** Reports the line made for the current System.nanoTime() if the last report is old enough. */
    void reportIfDue(LongFunction<String> lineAt) {
        long now = System.nanoTime();
        if (now - lastReportNanos >= REPORT_EVERY_NANOS) {
            lastReportNanos = now;
            sink.accept(lineAt.apply(now));
        }
    }

    void report(String line) {
        sink.accept(line);
    }
}
