package io.sparkfy.dw.copy.json;

import java.util.Arrays;

/**
 * The record a {@link RecordReader} just read, as a {@link RecordSink} sees it: per column, the kind and text of
 * the value its path selects and where that value starts; for the record, where it starts and ends. One holder
 * serves every record of a load (the readers write into it in place), so it is valid only until the next record.
 */
public final class JsonRecord {

    // Written in place by the scanner and the parser (no copy per record, no allocation per value).
    final ValueKind[] kinds;
    /** Each column's value text (empty for MISSING and NULL). */
    final Chars[] values;
    final long[] lines;
    final long[] columns;
    long line;
    long column;
    long start;
    long end;

    JsonRecord(int columnCount) {
        kinds = new ValueKind[columnCount];
        values = new Chars[columnCount];
        for (int i = 0; i < columnCount; i++) {
            values[i] = new Chars();
        }
        lines = new long[columnCount];
        columns = new long[columnCount];
    }

    public int size() {
        return kinds.length;
    }

    /** MISSING when the record has no value at the column's path. */
    public ValueKind kind(int column) {
        return kinds[column];
    }

    public Chars value(int column) {
        return values[column];
    }

    /** Where the column's value starts (when it is not MISSING), as the parser counts lines and columns. */
    public long valueLine(int column) {
        return lines[column];
    }

    public long valueColumn(int column) {
        return columns[column];
    }

    /** Where the record starts: its line and column. */
    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    /** Byte offsets of the record in the (decompressed) file: its size, and where its raw text is. */
    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    void clearValues() {
        Arrays.fill(kinds, ValueKind.MISSING);
    }

    /** A new file: one that fails before its first record names no place in it. */
    void startFile() {
        line = 0;
        column = 0;
    }
}
