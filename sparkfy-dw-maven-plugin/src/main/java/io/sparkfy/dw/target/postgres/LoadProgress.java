package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.LoadStats;

/** Progress of one table's load at INFO, every few seconds rather than per file, so big loads stay readable. */
final class LoadProgress {

    private static final long EVERY_NANOS = 5_000_000_000L;

    private final Log log;
    private final String table;
    private final int totalFiles;
    private final long started;
    private long lastReport;
    int files;
    long rows;
    long bytes;

    /** {@code started}: when the table's load began, listing included, so the summary's time is the whole. */
    LoadProgress(Log log, String table, int totalFiles, long started) {
        this.log = log;
        this.table = table;
        this.totalFiles = totalFiles;
        this.started = started;
        this.lastReport = started;
    }

    void fileDone(long fileBytes) {
        files++;
        bytes += Math.max(0, fileBytes);
        long now = System.nanoTime();
        if (now - lastReport >= EVERY_NANOS) {
            lastReport = now;
            double seconds = (now - started) / 1e9;
            log.info(String.format("%s: %,d/%,d files, %,d rows, %.1f MB, %,.0f rows/s, %.1f MB/s", table, files,
                    totalFiles, rows, bytes / 1e6, rows / seconds, bytes / 1e6 / seconds));
        }
    }

    LoadStats stats() {
        return new LoadStats(table, files, rows, bytes, System.nanoTime() - started);
    }
}
