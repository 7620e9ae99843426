package io.sparkfy.dw.copy;

import io.sparkfy.dw.Plural;

/**
 * What one table's staging load did, for the summary and the run history; files and bytes are -1 when the warehouse
 * read them, rejected (records skipped under MAXERROR) is -1 when the target does not count them.
 * {@code unchanged}: the line of a table that had nothing new to load (and was left as it was), else null.
 */
public record LoadStats(String table, int files, long rows, long bytes, long nanos, long rejected, String unchanged) {

    public LoadStats(String table, int files, long rows, long bytes, long nanos) {
        this(table, files, rows, bytes, nanos, -1, null);
    }

    /** A table left as it was: nothing it lists is new; {@code line} says so. */
    public static LoadStats unchanged(String table, String line, long nanos) {
        return new LoadStats(table, 0, 0, 0, nanos, 0, line);
    }

    public boolean changed() {
        return unchanged == null;
    }

    /** The same, with the records rejected under MAXERROR counted. */
    public LoadStats withRejected(long count) {
        return new LoadStats(table, files, rows, bytes, nanos, count, unchanged);
    }

    /**
     * The table's line: rows, files, MB, and when its COPY ended, counted from the start of the load (the tables
     * are parsed at the same time, so a per-table rate would mislead; {@link #total} gives the rate).
     */
    public String summary() {
        if (unchanged != null) {
            return unchanged;
        }
        String from = files < 0 ? "" : String.format(" from %s (%.1f MB)", Plural.of(files, "file"), bytes / 1e6);
        return String.format("%s: %s%s, loaded %.2f s into the load", table, Plural.of(rows, "row"), from,
                nanos / 1e9);
    }

    /** One line for the whole load: rows, files, MB, time and rates. */
    public static String total(java.util.List<LoadStats> tables) {
        if (!tables.isEmpty() && tables.stream().noneMatch(LoadStats::changed)) {
            return "staging: nothing new to load, staging and the ledger unchanged";
        }
        long rows = tables.stream().mapToLong(LoadStats::rows).sum();
        long nanos = tables.stream().mapToLong(LoadStats::nanos).max().orElse(0);
        double seconds = nanos / 1e9;
        boolean counted = tables.stream().allMatch(t -> t.files() >= 0);
        String from = counted ? String.format(" from %s (%.1f MB)", Plural.of(tables.stream()
                .mapToInt(LoadStats::files).sum(), "file"), tables.stream().mapToLong(LoadStats::bytes).sum() / 1e6)
                : "";
        String mbPerSecond = counted && seconds > 0 ? String.format(", %.1f MB/s", tables.stream()
                .mapToLong(LoadStats::bytes).sum() / 1e6 / seconds) : "";
        return String.format("staging: %s%s in %.2f s, %,.0f rows/s%s", Plural.of(rows, "row"), from, seconds,
                seconds > 0 ? rows / seconds : 0.0, mbPerSecond);
    }
}
