package io.sparkfy.dw.load;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last bytes read from a stream, so a rejected record's raw text can be shown (STL_LOAD_ERRORS.raw_line)
 * without holding the file: the parser reads ahead by at most its buffer, well inside the window.
 */
final class RawTail extends FilterInputStream {

    private static final int WINDOW = 1 << 20;

    private final byte[] ring = new byte[WINDOW];
    private long total;

    RawTail(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            ring[(int) (total++ % WINDOW)] = (byte) b;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            ring[(int) ((total + i) % WINDOW)] = buffer[offset + i];
        }
        total += Math.max(n, 0);
        return n;
    }

    /** Up to {@code max} bytes from byte offset {@code from} as text, or null when they left the window. */
    String text(long from, long to, int max) {
        long end = Math.min(Math.min(to, total), from + max);
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
