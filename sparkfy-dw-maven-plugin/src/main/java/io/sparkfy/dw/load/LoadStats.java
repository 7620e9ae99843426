package io.sparkfy.dw.load;

/** What one staging load did, for the summary line. */
public record LoadStats(String table, int files, long rows, long bytes, long nanos) {

    public String summary() {
        double seconds = nanos / 1e9;
        return String.format("%s: %,d rows from %,d files (%.1f MB) in %.2f s, %,.0f rows/s", table, rows, files,
                bytes / 1e6, seconds, seconds > 0 ? rows / seconds : 0.0);
    }
}
