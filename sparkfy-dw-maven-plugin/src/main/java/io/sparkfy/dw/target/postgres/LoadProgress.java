package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.copy.LoadStats;
import java.util.function.LongSupplier;

/**
 * Progress of one table's load at INFO, every few seconds rather than per file, so big loads stay readable; and
 * inside a file that takes longer than that (a large file or S3 object), how far into it the parser is, in bytes
 * of its size.
 */
final class LoadProgress {

    static final long EVERY_NANOS = 5_000_000_000L;

    private final Log log;
    private final String table;
    private final int totalFiles;
    private final long started;
    private final LongSupplier clock;
    private long lastReport;
    private String file;
    private long fileSize;
    private long fileStarted;
    int files;
    long rows;
    long bytes;

    /**
     * {@code started}: when the table's load began, listing included, so the summary's time is the whole;
     * {@code clock}: nanoseconds, {@link System#nanoTime()} but in tests.
     */
    LoadProgress(Log log, String table, int totalFiles, long started, LongSupplier clock) {
        this.log = log;
        this.table = table;
        this.totalFiles = totalFiles;
        this.started = started;
        this.clock = clock;
        this.lastReport = started;
    }

    /** The parser begins a file of {@code size} bytes (-1: unknown). */
    void fileStarted(String name, long size) {
        file = name;
        fileSize = size;
        fileStarted = clock.getAsLong();
    }

    /** {@code read} bytes of the current file are parsed: said when the last line is a few seconds old. */
    void within(long read) {
        long now = clock.getAsLong();
        if (now - lastReport < EVERY_NANOS) {
            return;
        }
        lastReport = now;
        double seconds = Math.max(1e-9, (now - fileStarted) / 1e9);
        String of = fileSize > 0 ? String.format(" of %s (%d %%)", mb(fileSize), read * 100 / fileSize) : "";
        log.info(String.format("%s: %s: %s%s, %.1f MB/s", table, file, mb(read), of, read / 1e6 / seconds));
    }

    void fileDone(long fileBytes) {
        files++;
        bytes += Math.max(0, fileBytes);
        long now = clock.getAsLong();
        if (now - lastReport >= EVERY_NANOS) {
            lastReport = now;
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            log.info(String.format("%s: %,d of %s, %s, %.1f MB, %,.0f rows/s, %.1f MB/s", table, files,
                    Plural.of(totalFiles, "file"), Plural.of(rows, "row"), bytes / 1e6, rows / seconds,
                    bytes / 1e6 / seconds));
        }
    }

    LoadStats stats() {
        return new LoadStats(table, files, rows, bytes, clock.getAsLong() - started);
    }

    private static String mb(long bytes) {
        return bytes >= 10_000_000 ? String.format("%,d MB", Math.round(bytes / 1e6))
                : String.format("%.1f MB", bytes / 1e6);
    }
}
