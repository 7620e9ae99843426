package io.sparkfy.dw.copy.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes read from a file, so a rejected record's raw text can be shown (STL_LOAD_ERRORS.raw_line)
 * without holding the file: the parser reads ahead by at most its buffer, well inside the window. One window
 * serves every file of a load ({@link #of}).
 */
public final class RawTail extends InputStream {

    private static final int WINDOW = 1 << 20;

    private final byte[] ring = new byte[WINDOW];
    private InputStream in;
    private long total;
    /** A file parsed in place: its bytes are the window. */
    private byte[] whole;

    /** Starts over on the next file. */
    public RawTail of(InputStream next) {
        in = next;
        total = 0;
        whole = null;
        return this;
    }

    /** Starts over on a file held whole in memory and parsed in place: nothing to copy. */
    public void of(byte[] bytes, int length) {
        in = null;
        whole = bytes;
        total = length;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            ring[(int) (total++ % WINDOW)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            int at = (int) (total % WINDOW);
            int first = Math.min(n, WINDOW - at);
            System.arraycopy(buffer, offset, ring, at, first);
            if (n > first) {
                System.arraycopy(buffer, offset + first, ring, 0, Math.min(n - first, WINDOW));
            }
            total += n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Up to {@code max} bytes from byte offset {@code from} as text, or null when they left the window. */
    String text(long from, long to, int max) {
        long end = Math.min(Math.min(to, total), from + max);
        if (whole != null) {
            return from < 0 || end <= from ? null
                    : new String(whole, (int) from, (int) (end - from), StandardCharsets.UTF_8);
        }
        if (from < 0 || from < total - WINDOW || end <= from) {
            return null;
        }
        byte[] out = new byte[(int) (end - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring[(int) ((from + i) % WINDOW)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
