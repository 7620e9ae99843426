package io.sparkfy.dw.load;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Rows of PostgreSQL COPY text, written straight into bytes: the hot path of the emulation, so no intermediate
 * Strings, no formatter objects. A row that turns out bad is abandoned, leaving the buffer as before it.
 */
final class CopyRow {

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] DIGITS = "0123456789".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int length;
    private int rowStart;
    /** The text being written, as chars: a plain array loop beats String.charAt's per-call checks. */
    private char[] chars = new char[256];

    CopyRow(int capacity) {
        buf = new byte[capacity];
    }

    int length() {
        return length;
    }

    /** The bytes written so far, copied; the buffer starts again empty. */
    byte[] take() {
        byte[] chunk = Arrays.copyOf(buf, length);
        length = 0;
        rowStart = 0;
        return chunk;
    }

    /** Back to an earlier length (a value written again). */
    void resetTo(int mark) {
        length = mark;
    }

    void startRow() {
        rowStart = length;
    }

    void abandonRow() {
        length = rowStart;
    }

    void endRow() {
        put((byte) '\n');
    }

    void tab() {
        put((byte) '\t');
    }

    void nul() {
        ensure(2);
        buf[length++] = NULL[0];
        buf[length++] = NULL[1];
    }

    /** Text known to need no escaping and to be ASCII (numbers, booleans, dates). */
    void ascii(CharSequence text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) text.charAt(i);
        }
    }

    /** Any text, see {@link #text(char[], int)}. */
    int text(String text) {
        int n = text.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        text.getChars(0, n, chars, 0);
        return text(chars, n);
    }

    /**
     * Text as UTF-8 with COPY's escapes for backslash, newline, carriage return and tab. Returns the UTF-8 length
     * of the text itself (escapes not counted: what Redshift compares with a VARCHAR's length), or -1 when the
     * text holds a NUL, which COPY text cannot carry.
     */
    int text(char[] chars, int n) {
        ensure(n * 3 + 2);
        byte[] buf = this.buf;
        int length = this.length;
        int escapes = 0;
        int start = length;
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x20 && c < 0x80 && c != '\\') {
                buf[length++] = (byte) c; // nearly every character: one test, no switch
            } else if (c < 0x80) {
                switch (c) {
                    case '\\': buf[length++] = '\\'; buf[length++] = '\\'; escapes++; break;
                    case '\n': buf[length++] = '\\'; buf[length++] = 'n'; escapes++; break;
                    case '\r': buf[length++] = '\\'; buf[length++] = 'r'; escapes++; break;
                    case '\t': buf[length++] = '\\'; buf[length++] = 't'; escapes++; break;
                    case 0: return -1;
                    default: buf[length++] = (byte) c;
                }
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
        this.length = length;
        return length - start - escapes;
    }

    void number(long value) {
        if (value == Long.MIN_VALUE) {
            ascii(Long.toString(value));
            return;
        }
        ensure(20);
        if (value < 0) {
            buf[length++] = '-';
            value = -value;
        }
        int start = length;
        do {
            buf[length++] = DIGITS[(int) (value % 10)];
            value /= 10;
        } while (value > 0);
        reverse(start, length - 1);
    }

    /** {@code YYYY-MM-DD HH:MM:SS.ffffff} for a UTC instant given as epoch seconds and microseconds. */
    void timestamp(long epochSecond, int micros) {
        long days = Math.floorDiv(epochSecond, 86_400);
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm): no LocalDate per row
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        dateTime((int) year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, micros);
    }

    void dateTime(int year, int month, int day, int hour, int minute, int second, int micros) {
        ensure(26);
        fixed(year, 4);
        buf[length++] = '-';
        fixed(month, 2);
        buf[length++] = '-';
        fixed(day, 2);
        buf[length++] = ' ';
        fixed(hour, 2);
        buf[length++] = ':';
        fixed(minute, 2);
        buf[length++] = ':';
        fixed(second, 2);
        buf[length++] = '.';
        fixed(micros, 6);
    }

    private void fixed(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[length + i] = DIGITS[value % 10];
            value /= 10;
        }
        length += width;
    }

    private void reverse(int from, int to) {
        while (from < to) {
            byte t = buf[from];
            buf[from++] = buf[to];
            buf[to--] = t;
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    /** For tests and messages: the bytes as text. */
    @Override
    public String toString() {
        return new String(buf, 0, length, StandardCharsets.UTF_8);
    }
}
