package io.sparkfy.dw.copy.json;

import java.io.InputStream;
import java.util.Arrays;

/**
 * What the parser reads before the rest of a file the scanner gave up on, so that its lines and columns are the
 * file's: optionally "{}", then {@code lines} newlines, then {@code columns} spaces.
 */
final class Padding extends InputStream {
    private int record;
    private long lines;
    private long columns;

    Padding(boolean record, long lines, long columns) {
        this.record = record ? 2 : 0;
        this.lines = lines;
        this.columns = columns;
    }

    /** The bytes it will give (before any are read). */
    long length() {
        return record + lines + columns;
    }

    @Override
    public int read() {
        if (record > 0) {
            return record-- == 2 ? '{' : '}';
        }
        if (lines > 0) {
            lines--;
            return '\n';
        }
        if (columns > 0) {
            columns--;
            return ' ';
        }
        return -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (record > 0) {
            buffer[offset] = (byte) read();
            return 1;
        }
        long left = lines > 0 ? lines : columns;
        if (left == 0) {
            return -1;
        }
        int n = (int) Math.min(length, left);
        Arrays.fill(buffer, offset, offset + n, lines > 0 ? (byte) '\n' : (byte) ' ');
        if (lines > 0) {
            lines -= n;
        } else {
            columns -= n;
        }
        return n;
    }
}
