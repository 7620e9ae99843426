package io.sparkfy.dw.copy.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link ScanningRecordReader} for the records nearly every load has: flat JSON objects whose wanted
 * values are strings, numbers, booleans and nulls (JSON 'auto', or JSONPaths of top-level keys). It scans the
 * bytes itself, eight at a time inside strings, and leaves strings and numbers where they are as UTF-8 (a text
 * column copies the bytes into the row; nothing is decoded unless asked), which the general parser cannot do
 * (README, "Performance"). It fills the {@link JsonRecord} exactly as the parser would: the same
 * kinds and text, lines, byte-based columns and offsets.
 *
 * <p>It takes nothing on trust: at anything it does not handle (a nested value, an escape in a key, a byte that
 * is not strict UTF-8, a number JSON forbids, a comment, a byte order mark, malformed JSON of any kind) it stops at
 * the start of the record it was reading and says so; the reader then hands the rest of the file to the general
 * parser, from that place, so every error still comes from there, with the same file, line and column.
 */
final class FlatJsonScanner {

    /** What {@link #next()} found. */
    enum Result { RECORD, END, GIVE_UP }

    static final int BUFFER = 1 << 16;
    /** Jackson's default limit on a key's length: a longer key is the parser's error to give. */
    private static final int MAX_NAME_BYTES = 50_000;
    /** A record longer than this (only the unusual ones are) goes to the general parser. */
    private static final int MAX_BUFFER = 1 << 22;
    private static final int MAX_NUMBER_CHARS = 1000; // the parser's own limit
    /** What a scan step returns besides 1 (done): the bytes ran out, the parser's to judge, a chars-path escape. */
    private static final int END_OF_INPUT = 0;
    private static final int UNHANDLED = -1;
    private static final int SURROGATE_OR_NUL = -2;
    private static final int ESCAPE_CUT = -3;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private final PathTree tree;
    private final JsonRecord record;
    // the record's own arrays, written in place
    private final ValueKind[] kinds;
    private final Chars[] values;
    private final long[] lines;
    private final long[] columns;

    private final int readAhead;
    private byte[] own;
    private byte[] buf;
    private int end;
    private InputStream in;
    private boolean eof;
    /** What the stream threw after giving some bytes: thrown when those are read. */
    private IOException failure;
    /** File offset of buf[0]. */
    private long bufStart;

    /** Where the next record's scan starts (just after the last complete record), and its line. */
    private int safe;
    private long safeLine;
    private long safeLineStart;

    // the scan in progress
    private int p;
    private long line;
    private long lineStart;
    private boolean scannedOnlyWhitespace;
    /** The code point of the UTF-8 sequence {@link #utf8Sequence} last read. */
    private int codePoint;
    /** The record's decoded strings, as UTF-8: a view of each is its column's value until the next record. */
    private byte[] scratch = new byte[1 << 12];
    private int scratchLength;

    /** Where the record being scanned starts: the record's once it is complete. */
    long recordLine;
    long recordColumn;
    private long recordStart;

    /** {@code readAhead}: how many bytes of a stream one refill reads (BUFFER; tests cut records with less). */
    FlatJsonScanner(PathTree tree, JsonRecord record, int readAhead) {
        this.readAhead = readAhead;
        this.own = new byte[readAhead];
        this.tree = tree;
        this.record = record;
        this.kinds = record.kinds;
        this.values = record.values;
        this.lines = record.lines;
        this.columns = record.columns;
    }

    /** Whether records under this tree are flat enough: every wanted value is a top-level key's. */
    static boolean handles(PathTree tree) {
        if (!tree.indexes.isEmpty() || tree.column >= 0) {
            return false;
        }
        for (PathTree child : tree.fields.values()) {
            if (child.column < 0 || !child.fields.isEmpty() || !child.indexes.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Starts on a file read as a stream. */
    void open(InputStream stream) {
        in = stream;
        buf = own;
        end = 0;
        eof = false;
        failure = null;
        start();
    }

    /** Starts on a file held whole in memory. */
    void open(byte[] bytes, int length) {
        in = null;
        buf = bytes;
        end = length;
        eof = true;
        start();
    }

    private void start() {
        recordLine = 0;
        recordColumn = 0;
        bufStart = 0;
        safe = 0;
        safeLine = 1;
        safeLineStart = 0;
    }

    /** The bytes from where the scanner stopped on: the rest of the file, for the general parser. */
    InputStream rest() {
        InputStream head = new ByteArrayInputStream(Arrays.copyOfRange(buf, safe, end));
        return in == null ? head : new SequenceInputStream(head, in);
    }

    /** The stream being scanned, if any (the reader closes it). */
    InputStream stream() {
        return in;
    }

    /**
     * Up to {@code max} bytes of the record just returned, as text: it is still in the buffer, however far the
     * scanner read ahead (a rejected record's raw line).
     */
    String recordText(int max) {
        int from = (int) (record.start - bufStart);
        return new String(buf, from, (int) Math.min(record.end - record.start, max), StandardCharsets.UTF_8);
    }

    /** File offset, line, and the file offset of that line's start, of where the scanner stopped. */
    long stoppedAt() {
        return bufStart + safe;
    }

    long stoppedLine() {
        return safeLine;
    }

    long stoppedLineStart() {
        return safeLineStart;
    }

    /** The next record into the record holder; GIVE_UP leaves everything from the record on unread. */
    Result next() throws IOException {
        while (true) {
            p = safe;
            line = safeLine;
            lineStart = safeLineStart;
            int outcome = scanRecord();
            if (outcome > 0) {
                record.line = recordLine;
                record.column = recordColumn;
                record.start = recordStart;
                record.end = bufStart + p;
                safe = p;
                safeLine = line;
                safeLineStart = lineStart;
                return Result.RECORD;
            }
            if (outcome == END_OF_INPUT) {
                if (eof) {
                    // Only whitespace was left: the end of the file (or, mid-record, the parser's error to give).
                    return p == end && scannedOnlyWhitespace ? Result.END : Result.GIVE_UP;
                }
                if (!refill()) {
                    return Result.GIVE_UP;
                }
                continue;
            }
            return Result.GIVE_UP;
        }
    }

    /**
     * Moves the unread bytes to the front and reads more: {@code readAhead}, or as much again as a record that
     * did not fit; false when a record outgrew the largest buffer. The buffer shrinks back after a huge record. A
     * stream that fails after giving some bytes fails at the next refill, once the records those bytes hold are
     * read, as with the parser.
     */
    private boolean refill() throws IOException {
        if (failure != null) {
            IOException failed = failure;
            failure = null;
            throw failed;
        }
        int keep = end - safe;
        if (keep >= MAX_BUFFER) {
            return false;
        }
        // At least as much again as a record that did not fit: a huge record is rescanned a few times, not once
        // per readAhead bytes.
        int capacity = keep + Math.max(readAhead, keep);
        boolean grow = own.length < capacity;
        if (grow || own.length >= 4 * capacity) {
            byte[] next = new byte[grow ? Math.max(capacity, Math.min(2 * own.length, MAX_BUFFER + readAhead))
                    : capacity];
            System.arraycopy(buf, safe, next, 0, keep);
            own = next;
        } else {
            System.arraycopy(buf, safe, own, 0, keep);
        }
        buf = own;
        bufStart += safe;
        safe = 0;
        end = keep;
        // Fill what was asked for: a record is scanned again from its start after each refill, so a stream that
        // hands out a few bytes per read must not make that a rescan per few bytes.
        while (end < capacity) {
            int n;
            try {
                n = in.read(buf, end, capacity - end);
            } catch (IOException e) {
                if (end == keep) {
                    throw e;
                }
                failure = e;
                break;
            }
            if (n < 0) {
                eof = true;
                break;
            }
            end += n;
        }
        return true;
    }

    /** 1 with a record, END_OF_INPUT when the bytes ran out first, UNHANDLED for anything unusual. */
    private int scanRecord() {
        scannedOnlyWhitespace = true;
        if (!skipWhitespace()) {
            return END_OF_INPUT;
        }
        scannedOnlyWhitespace = false;
        if (buf[p] != '{') {
            return UNHANDLED;
        }
        Arrays.fill(kinds, ValueKind.MISSING);
        scratchLength = 0;
        recordLine = line;
        recordColumn = column();
        recordStart = bufStart + p;
        p++;
        for (int position = 0; ; position++) {
            if (!skipWhitespace()) {
                return END_OF_INPUT;
            }
            if (buf[p] == '}' && position == 0) {
                p++;
                break;
            }
            if (buf[p] != '"') {
                return UNHANDLED;
            }
            PathTree child;
            int keyStart = ++p;
            // The key records repeat here, in its JSON form (the parser's own cached bytes: escaped where it must
            // be, so equal bytes are the same key).
            byte[] expected = position < tree.known() ? tree.expectedAt(position).asQuotedUTF8() : null;
            int keyEnd = keyStart + (expected == null ? 0 : expected.length);
            if (expected != null && keyEnd < end && buf[keyEnd] == '"' && same(keyStart, expected)) {
                child = tree.childAt(position);
                p = keyEnd;
            } else {
                while (true) {
                    if (p == end) {
                        return END_OF_INPUT;
                    }
                    byte b = buf[p];
                    if (b == '"') {
                        break;
                    }
                    if (p - keyStart >= MAX_NAME_BYTES) {
                        return UNHANDLED;
                    }
                    if (b == '\\' || b < 0x20) { // an escape, a control character, or a non-ASCII byte (negative)
                        return UNHANDLED;
                    }
                    p++;
                }
                child = tree.learn(position, new String(buf, keyStart, p - keyStart, StandardCharsets.US_ASCII));
            }
            p++;
            if (!skipWhitespace()) {
                return END_OF_INPUT;
            }
            if (buf[p] != ':') {
                return UNHANDLED;
            }
            p++;
            if (!skipWhitespace()) {
                return END_OF_INPUT;
            }
            int outcome = value(child == null ? -1 : child.column);
            if (outcome <= 0) {
                return outcome;
            }
            if (!skipWhitespace()) {
                return END_OF_INPUT;
            }
            byte b = buf[p++];
            if (b == '}') {
                break;
            }
            if (b != ',') {
                return UNHANDLED;
            }
        }
        return 1;
    }

    /** The 1-based column of {@code p}, in bytes, as the parser counts it. */
    private long column() {
        return bufStart + p - lineStart + 1;
    }

    /** Whether a literal or number may end before this byte: else it runs on into something JSON has not. */
    private static boolean endsValue(byte after) {
        return after == ',' || after == '}' || after == ' ' || after == '\n' || after == '\r' || after == '\t';
    }

    /** Whether the buffer holds these bytes at {@code at} (keys are short: eight at a time, no call). */
    private boolean same(int at, byte[] expected) {
        int n = expected.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            if ((long) LONGS.get(buf, at + i) != (long) LONGS.get(expected, i)) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (buf[at + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Skips JSON whitespace, counting lines as the parser does (\r\n, \r and \n each end one); false at the end. */
    private boolean skipWhitespace() {
        byte[] buf = this.buf;
        while (p < end) {
            byte b = buf[p];
            if (b == ' ' || b == '\t') {
                p++;
            } else if (b == '\n') {
                p++;
                line++;
                lineStart = bufStart + p;
            } else if (b == '\r') {
                // A \r last in the buffer counts a line even if a \n follows: the bytes ran out, so the record is
                // scanned again from its start, and the \r\n is then seen whole.
                p += p + 1 < end && buf[p + 1] == '\n' ? 2 : 1;
                line++;
                lineStart = bufStart + p;
            } else {
                return true;
            }
        }
        return false;
    }

    /** A value for a column (or skipped, for -1): 1 when read, else END_OF_INPUT or UNHANDLED. */
    private int value(int column) {
        byte b = buf[p];
        if (column >= 0) {
            lines[column] = line;
            columns[column] = column();
        }
        if (b == '"') {
            return string(column);
        }
        if (b == '-' || b >= '0' && b <= '9') {
            return number(column);
        }
        if (b == 't') {
            return literal("true", ValueKind.BOOLEAN, column);
        }
        if (b == 'f') {
            return literal("false", ValueKind.BOOLEAN, column);
        }
        if (b == 'n') {
            return literal("null", ValueKind.NULL, column);
        }
        return UNHANDLED; // an object or array (nested, or a structure loaded as text), or not JSON
    }

    private int literal(String word, ValueKind kind, int column) {
        int n = word.length();
        if (end - p <= n) {
            return END_OF_INPUT; // the byte after the word must be seen too
        }
        for (int i = 0; i < n; i++) {
            if (buf[p + i] != word.charAt(i)) {
                return UNHANDLED;
            }
        }
        if (!endsValue(buf[p + n])) {
            return UNHANDLED; // "nullx" and the like: the parser's error
        }
        p += n;
        if (column >= 0) {
            kinds[column] = kind;
            if (kind == ValueKind.NULL) {
                values[column].clear();
            } else {
                values[column].set(word);
            }
        }
        return 1;
    }

    /** JSON's number grammar exactly; the text is kept as written, as the parser keeps it. */
    private int number(int column) {
        int from = p;
        int q = p;
        if (buf[q] == '-') {
            q++;
        }
        if (q == end) {
            return END_OF_INPUT;
        }
        if (buf[q] == '0') {
            q++;
            if (q < end && buf[q] >= '0' && buf[q] <= '9') {
                return UNHANDLED; // a leading zero
            }
        } else if (buf[q] >= '1' && buf[q] <= '9') {
            while (q < end && buf[q] >= '0' && buf[q] <= '9') {
                q++;
            }
        } else {
            return UNHANDLED;
        }
        boolean decimal = false;
        if (q < end && buf[q] == '.') {
            decimal = true;
            int digits = ++q;
            while (q < end && buf[q] >= '0' && buf[q] <= '9') {
                q++;
            }
            if (q == digits && q < end) {
                return UNHANDLED;
            }
        }
        if (q < end && (buf[q] == 'e' || buf[q] == 'E')) {
            decimal = true;
            q++;
            if (q < end && (buf[q] == '+' || buf[q] == '-')) {
                q++;
            }
            int digits = q;
            while (q < end && buf[q] >= '0' && buf[q] <= '9') {
                q++;
            }
            if (q == digits && q < end) {
                return UNHANDLED;
            }
        }
        if (q == end) {
            return END_OF_INPUT; // the number may go on
        }
        if (!endsValue(buf[q])) {
            return UNHANDLED;
        }
        if (q - from > MAX_NUMBER_CHARS) {
            return UNHANDLED;
        }
        p = q;
        if (column >= 0) {
            kinds[column] = decimal ? ValueKind.DECIMAL : ValueKind.INTEGER;
            values[column].setUtf8(buf, from, q - from, true);
        }
        return 1;
    }

    /**
     * Flags, in eight bytes read at once, each byte a string cannot simply go on with: a quote, a backslash, a
     * control character or a non-ASCII byte. The lowest flag is exact (the zero-byte test can only misflag bytes
     * above a true one), which is all the scan uses.
     */
    private static long special(long x) {
        long quote = x ^ 0x2222222222222222L;
        long backslash = x ^ 0x5C5C5C5C5C5C5C5CL;
        return (quote - ONES & ~quote | backslash - ONES & ~backslash | x - 0x2020202020202020L & ~x | x) & HIGHS;
    }

    /** The first byte at or after q that is not plain printable ASCII (or the end): eight bytes at a time. */
    private int plainRun(int q) {
        byte[] buf = this.buf;
        while (q + 8 <= end) {
            long special = special((long) LONGS.get(buf, q));
            if (special != 0) {
                return q + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            q += 8;
        }
        while (q < end && buf[q] >= 0x20 && buf[q] != '"' && buf[q] != '\\') {
            q++;
        }
        return q;
    }

    /**
     * The char a backslash escape at q stands for (it takes 6 bytes for a hex escape, else 2), or ESCAPE_CUT
     * when the buffer cuts it (0 is a char here), or UNHANDLED for an escape JSON does not have.
     */
    private int escape(int q) {
        if (q + 1 >= end) {
            return ESCAPE_CUT;
        }
        switch (buf[q + 1]) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (q + 6 > end) {
                    return ESCAPE_CUT;
                }
                int code = 0;
                for (int i = q + 2; i < q + 6; i++) {
                    int digit = Character.digit(buf[i], 16);
                    if (digit < 0) {
                        return UNHANDLED;
                    }
                    code = code << 4 | digit;
                }
                return code;
            default:
                return UNHANDLED;
        }
    }

    private int escapeLength(int q) {
        return buf[q + 1] == 'u' ? 6 : 2;
    }

    /**
     * A string. Without escapes (nearly all) it is found eight bytes at a time and left where it is, as UTF-8
     * checked strictly; with escapes it is decoded as the parser decodes it.
     */
    private int string(int column) {
        int from = p + 1;
        int q = from;
        boolean ascii = true;
        while (true) {
            q = plainRun(q);
            if (q == end) {
                return END_OF_INPUT;
            }
            int b = buf[q];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                if (column >= 0) {
                    int decoded = escapedUtf8(column, from);
                    if (decoded != SURROGATE_OR_NUL) {
                        return decoded;
                    }
                }
                return escaped(column, from);
            }
            if (b >= 0) {
                return UNHANDLED; // a control character
            }
            int length = utf8Sequence(q);
            if (length <= 0) {
                return length;
            }
            q += length;
            ascii = false;
        }
        p = q + 1;
        if (column >= 0) {
            kinds[column] = ValueKind.STRING;
            values[column].setUtf8(buf, from, q - from, ascii);
        }
        return 1;
    }

    /**
     * The length of the strict UTF-8 sequence at q (its code point left in {@link #codePoint}), END_OF_INPUT when it
     * is cut by the buffer's end, UNHANDLED for anything else (overlong, a surrogate, beyond U+10FFFF, a stray
     * byte): the parser's to judge.
     */
    private int utf8Sequence(int q) {
        int lead = buf[q] & 0xFF;
        int need;
        int cp;
        if (lead >= 0xC2 && lead <= 0xDF) {
            need = 1;
            cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            need = 2;
            cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            need = 3;
            cp = lead & 0x07;
        } else {
            return UNHANDLED;
        }
        if (q + need >= end) {
            return END_OF_INPUT;
        }
        for (int i = 1; i <= need; i++) {
            int next = buf[q + i] & 0xFF;
            if ((next & 0xC0) != 0x80) {
                return UNHANDLED;
            }
            cp = cp << 6 | next & 0x3F;
        }
        if (need == 2 && (cp < 0x800 || cp >= 0xD800 && cp <= 0xDFFF) || need == 3 && (cp < 0x10000
                || cp > 0x10FFFF)) {
            return UNHANDLED;
        }
        codePoint = cp;
        return need + 1;
    }

    /**
     * A wanted string with escapes, decoded straight to UTF-8 (the escaped slashes of a user agent, say), so that
     * it too is copied into the row as bytes. SURROGATE_OR_NUL for a hex escape of a surrogate or of U+0000, which
     * the chars path handles (pairing surrogates, and refusing NUL, as the row writer does).
     */
    private int escapedUtf8(int column, int from) {
        int start = scratchLength;
        int n = start;
        int q = from;
        while (true) {
            // A run of plain bytes (ASCII or checked UTF-8) up to the next escape or quote, copied as it is.
            int run = plainRun(q);
            while (run < end && buf[run] < 0) {
                int length = utf8Sequence(run);
                if (length <= 0) {
                    return length;
                }
                run = plainRun(run + length);
            }
            if (run == end) {
                return END_OF_INPUT;
            }
            if (n + (run - q) + 3 > scratch.length) {
                scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, n + (run - q) + 3));
            }
            System.arraycopy(buf, q, scratch, n, run - q);
            n += run - q;
            q = run;
            if (buf[q] == '"') {
                break;
            }
            if (buf[q] != '\\') {
                return UNHANDLED; // a control character
            }
            int c = escape(q);
            if (c < 0) {
                return c == ESCAPE_CUT ? END_OF_INPUT : UNHANDLED;
            }
            if (c == 0 || c >= 0xD800 && c <= 0xDFFF) {
                return SURROGATE_OR_NUL;
            }
            if (c < 0x80) {
                scratch[n++] = (byte) c;
            } else if (c < 0x800) {
                scratch[n++] = (byte) (0xC0 | c >> 6);
                scratch[n++] = (byte) (0x80 | c & 0x3F);
            } else {
                scratch[n++] = (byte) (0xE0 | c >> 12);
                scratch[n++] = (byte) (0x80 | c >> 6 & 0x3F);
                scratch[n++] = (byte) (0x80 | c & 0x3F);
            }
            q += escapeLength(q);
        }
        p = q + 1;
        scratchLength = n;
        kinds[column] = ValueKind.STRING;
        values[column].setUtf8(scratch, start, n - start, false);
        return 1;
    }

    /**
     * A string with escapes, from its first byte, decoded into chars as the parser decodes it: one no column
     * wants (skipped), or one with a hex escape of a surrogate or of U+0000.
     */
    private int escaped(int column, int from) {
        Chars value = column >= 0 ? values[column] : null;
        char[] chars = value == null ? null : value.writable(64);
        int q = from;
        int n = 0;
        while (true) {
            if (q == end) {
                return END_OF_INPUT;
            }
            int b = buf[q];
            if (b == '"') {
                q++;
                break;
            }
            if (b >= 0x20 && b != '\\') {
                // A run of plain bytes up to the next escape, quote or non-ASCII byte, widened in one loop.
                int run = plainRun(q);
                if (chars != null) {
                    while (n + (run - q) + 2 > chars.length) {
                        chars = value.grow();
                    }
                    for (int i = q; i < run; i++) {
                        chars[n + i - q] = (char) buf[i];
                    }
                }
                n += run - q;
                q = run;
                continue;
            }
            if (chars != null && n + 2 > chars.length) {
                chars = value.grow();
            }
            if (b == '\\') {
                int c = escape(q);
                if (c < 0) {
                    return c == ESCAPE_CUT ? END_OF_INPUT : UNHANDLED;
                }
                if (chars != null) {
                    chars[n] = (char) c;
                }
                n++;
                q += escapeLength(q);
                continue;
            }
            if (b >= 0) {
                return UNHANDLED; // a control character
            }
            int length = utf8Sequence(q);
            if (length <= 0) {
                return length;
            }
            int cp = codePoint;
            if (chars != null) {
                if (cp >= 0x10000) {
                    chars[n++] = Character.highSurrogate(cp);
                    chars[n] = Character.lowSurrogate(cp);
                } else {
                    chars[n] = (char) cp;
                }
            } else if (cp >= 0x10000) {
                n++;
            }
            n++;
            q += length;
        }
        p = q;
        if (value != null) {
            kinds[column] = ValueKind.STRING;
            value.setLength(n);
        }
        return 1;
    }
}
