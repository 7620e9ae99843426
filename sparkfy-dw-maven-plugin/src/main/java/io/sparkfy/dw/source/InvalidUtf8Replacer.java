package io.sparkfy.dw.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * ACCEPTINVCHARS: every byte of an invalid UTF-8 sequence becomes the (ASCII) replacement character, so the text
 * keeps its length in bytes, as Redshift does. Without it, invalid UTF-8 is an error the parser reports.
 */
public final class InvalidUtf8Replacer extends FilterInputStream {

    private final byte replacement;
    /** Bytes of a multi-byte sequence held back until it is known to be valid; at most 3 plus the next. */
    private final byte[] pending = new byte[4];
    private int pendingLength;
    private int pendingRead;
    /** A byte that broke a sequence: read again as the start of a new one. */
    private int pushback = -1;

    public InvalidUtf8Replacer(InputStream in, char replacement) {
        super(new BufferedInputStream(in, 1 << 16)); // it reads byte by byte: not a system call per byte
        this.replacement = (byte) replacement;
    }

    @Override
    public int read() throws IOException {
        if (pendingRead < pendingLength) {
            return pending[pendingRead++] & 0xFF;
        }
        pendingRead = 0;
        pendingLength = 0;
        int b = pushback >= 0 ? pushback : in.read();
        pushback = -1;
        if (b < 0x80) {
            return b; // ASCII or end of stream
        }
        int expected = b >= 0xF0 && b <= 0xF4 ? 3 : b >= 0xE0 ? 2 : b >= 0xC2 && b < 0xE0 ? 1 : -1;
        if (expected < 0) {
            return replacement;
        }
        pending[0] = (byte) b;
        pendingLength = 1;
        for (int i = 0; i < expected; i++) {
            int next = in.read();
            if (next < 0x80 || next > 0xBF || !validSecond(b, next, i)) {
                // the sequence is broken: replace what was read of it; the byte that broke it starts anew
                for (int j = 0; j < pendingLength; j++) {
                    pending[j] = replacement;
                }
                pushback = next;
                return pending[pendingRead++] & 0xFF;
            }
            pending[pendingLength++] = (byte) next;
        }
        return pending[pendingRead++] & 0xFF;
    }

    /** Overlong encodings, surrogates and code points past U+10FFFF are invalid in their second byte. */
    private static boolean validSecond(int lead, int next, int index) {
        if (index > 0) {
            return true;
        }
        switch (lead) {
            case 0xE0: return next >= 0xA0;
            case 0xED: return next <= 0x9F;
            case 0xF0: return next >= 0x90;
            case 0xF4: return next <= 0x8F;
            default: return true;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = 0;
        while (n < length) {
            int b = read();
            if (b < 0) {
                return n == 0 ? -1 : n;
            }
            buffer[offset + n++] = (byte) b;
        }
        return n;
    }
}
