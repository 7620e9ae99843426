package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.copy.convert.Column;
import io.sparkfy.dw.copy.convert.RowWriter;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's binary COPY format, written straight into bytes: the hot path of the emulation, so no
 * intermediate Strings, no formatter objects. Binary rather than text because the values are already converted
 * and checked here, on Redshift's terms: the server then stores them without parsing timestamps, numbers and
 * escapes again (README, "Performance"). A row that turns out bad is abandoned,
 * leaving the buffer as before it.
 *
 * <p>Each row is a 16-bit field count, then per field a 32-bit length (-1 for NULL) and the value in network byte
 * order; {@link #HEADER} starts the stream and {@link #TRAILER} ends it.
 */
final class CopyRow implements RowWriter {

    /** "PGCOPY\n\377\r\n\0", no flags, no header extension. */
    static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0};
    static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for dates and timestamps, in Unix seconds and days. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;
    private static final int POSTGRES_EPOCH_DAY = 10_957;

    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;

    private byte[] buf;
    private int length;
    private int rowStart;
    /** The text being written, as chars: a plain array loop beats String.charAt's per-call checks. */
    private char[] chars = new char[256];
    /** Base-10000 digits of the NUMERIC being written. */
    private short[] groups = new short[32];

    CopyRow(int capacity) {
        buf = new byte[capacity];
    }

    @Override
    public int length() {
        return length;
    }

    /** The bytes written so far, in the buffer itself; writing goes on in {@code next} (as large or larger). */
    ChunkQueue.Chunk take(byte[] next) {
        ChunkQueue.Chunk chunk = new ChunkQueue.Chunk(buf, length);
        buf = next.length >= buf.length ? next : Arrays.copyOf(next, buf.length);
        length = 0;
        rowStart = 0;
        return chunk;
    }

    /** Back to an earlier length (a value written again). */
    @Override
    public void resetTo(int mark) {
        length = mark;
    }

    void startRow(int fields) {
        rowStart = length;
        ensure(2);
        putShort(fields);
    }

    void abandonRow() {
        length = rowStart;
    }

    @Override
    public void nul() {
        ensure(4);
        putInt(-1);
    }

    /** Any text, see {@link #text(char[], int)}. */
    @Override
    public int text(String text) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        text.getChars(0, n, chars, 0);
        return text(chars, n);
    }

    /**
     * Text as UTF-8. Returns its length in bytes (what Redshift compares with a VARCHAR's length), or -1 when the
     * text holds a NUL, which PostgreSQL's text types cannot store.
     */
    @Override
    public int text(char[] chars, int n) {
        ensure(n * 3 + 4);
        byte[] buf = this.buf;
        int lengthAt = this.length;
        int length = lengthAt + 4;
        int start = length;
        int i = 0;
        // Nearly every character is printable ASCII: a loop with one test per character.
        while (i < n) {
            char c = chars[i];
            if (c == 0 || c >= 0x80) {
                break;
            }
            buf[length++] = (byte) c;
            i++;
        }
        for (; i < n; i++) {
            char c = chars[i];
            if (c < 0x80) {
                if (c == 0) {
                    return -1;
                }
                buf[length++] = (byte) c;
            } else if (c < 0x800) {
                buf[length++] = (byte) (0xC0 | c >> 6);
                buf[length++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                buf[length++] = (byte) (0xF0 | cp >> 18);
                buf[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[length++] = (byte) (0x80 | cp & 0x3F);
            } else {
                buf[length++] = (byte) (0xE0 | c >> 12);
                buf[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[length++] = (byte) (0x80 | c & 0x3F);
            }
        }
        int bytes = length - start;
        this.length = lengthAt;
        putInt(bytes);
        this.length = length;
        return bytes;
    }

    /** Text that is already valid UTF-8 without a NUL (as the byte scanner checked it): copied as it is. */
    @Override
    public int utf8(byte[] bytes, int offset, int count) {
        ensure(count + 4);
        putInt(count);
        System.arraycopy(bytes, offset, buf, length, count);
        length += count;
        return count;
    }

    /** An integer in the width of its column (SMALLINT, INTEGER or BIGINT), range already checked. */
    @Override
    public void integer(Column.Type type, long value) {
        ensure(12);
        switch (type) {
            case SMALLINT:
                putInt(2);
                putShort((int) value);
                break;
            case INTEGER:
                putInt(4);
                putInt((int) value);
                break;
            default:
                putInt(8);
                putLong(value);
        }
    }

    @Override
    public void float8(double value) {
        ensure(12);
        putInt(8);
        putLong(Double.doubleToRawLongBits(value));
    }

    @Override
    public void float4(float value) {
        ensure(8);
        putInt(4);
        putInt(Float.floatToRawIntBits(value));
    }

    @Override
    public void bool(boolean value) {
        ensure(5);
        putInt(1);
        buf[length++] = (byte) (value ? 1 : 0);
    }

    /** A date given as days since 1970-01-01. */
    @Override
    public void date(long epochDay) {
        ensure(8);
        putInt(4);
        putInt((int) (epochDay - POSTGRES_EPOCH_DAY));
    }

    /** A TIMESTAMP (or TIMESTAMPTZ, the same bits) for a UTC instant given as epoch seconds and microseconds. */
    @Override
    public void timestamp(long epochSecond, int micros) {
        ensure(12);
        putInt(8);
        putLong((epochSecond - POSTGRES_EPOCH_SECOND) * 1_000_000L + micros);
    }

    /**
     * A NUMERIC from plain decimal text: an optional minus, digits, and optionally a point and more digits (the
     * caller checked that form and the column's precision). Written as PostgreSQL's base-10000 digit groups with
     * the text's own scale; the server applies the column's scale as it does to text input.
     */
    @Override
    public void numeric(CharSequence text) {
        int n = text.length();
        boolean negative = n > 0 && text.charAt(0) == '-';
        int from = negative ? 1 : 0;
        int point = from;
        while (point < n && text.charAt(point) != '.') {
            point++;
        }
        int integerDigits = point - from;
        int fractionDigits = point < n ? n - point - 1 : 0;
        // Groups of four digits aligned on the point: the integer part padded on the left, the fraction on the right.
        int integerGroups = (integerDigits + 3) / 4;
        int fractionGroups = (fractionDigits + 3) / 4;
        int count = integerGroups + fractionGroups;
        if (groups.length < count) {
            groups = new short[Math.max(count, groups.length * 2)];
        }
        for (int g = 0; g < count; g++) {
            int value = 0;
            for (int d = 0; d < 4; d++) {
                // position of this digit relative to the point: integer digits count down to 1, fraction from 1
                int digit;
                if (g < integerGroups) {
                    int fromRight = (integerGroups - g) * 4 - d; // 1-based place among the integer digits
                    int at = point - fromRight;
                    digit = at >= from ? text.charAt(at) - '0' : 0;
                } else {
                    int place = (g - integerGroups) * 4 + d; // 0-based place among the fraction digits
                    digit = place < fractionDigits ? text.charAt(point + 1 + place) - '0' : 0;
                }
                value = value * 10 + digit;
            }
            groups[g] = (short) value;
        }
        int first = 0;
        while (first < count && groups[first] == 0) {
            first++;
        }
        int last = count;
        while (last > first && groups[last - 1] == 0) {
            last--;
        }
        int digits = last - first;
        int weight = digits == 0 ? 0 : integerGroups - 1 - first;
        ensure(12 + digits * 2);
        putInt(8 + digits * 2);
        putShort(digits);
        putShort(weight);
        putShort(digits == 0 || !negative ? NUMERIC_POSITIVE : NUMERIC_NEGATIVE);
        putShort(fractionDigits);
        for (int g = first; g < last; g++) {
            putShort(groups[g]);
        }
    }

    private void putShort(int value) {
        buf[length++] = (byte) (value >> 8);
        buf[length++] = (byte) value;
    }

    private void putInt(int value) {
        buf[length++] = (byte) (value >> 24);
        buf[length++] = (byte) (value >> 16);
        buf[length++] = (byte) (value >> 8);
        buf[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >> 32));
        putInt((int) value);
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    /** For tests: the bytes written. */
    byte[] bytes() {
        return Arrays.copyOf(buf, length);
    }
}
