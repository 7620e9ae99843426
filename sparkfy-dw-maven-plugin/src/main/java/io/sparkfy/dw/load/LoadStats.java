package io.sparkfy.dw.load;

/** What one staging load did, for the summary line; files and bytes are -1 when the warehouse read them. */
public record LoadStats(String table, int files, long rows, long bytes, long nanos) {

    public String summary() {
        double seconds = nanos / 1e9;
        String from = files < 0 ? "" : String.format(" from %,d files (%.1f MB)", files, bytes / 1e6);
        return String.format("%s: %,d rows%s in %.2f s, %,.0f rows/s", table, rows, from, seconds,
                seconds > 0 ? rows / seconds : 0.0);
    }
}
