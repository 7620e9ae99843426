package io.sparkfy.dw.source;

import com.github.luben.zstd.ZstdInputStream;
import io.sparkfy.dw.LoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * COPY's GZIP / BZIP2 / ZSTD. The option decides, as in Redshift; the file's first bytes (and its extension, in
 * the message) catch a mismatch early with a clear error instead of a parse error deep in binary data.
 */
public final class Decompression {

    private Decompression() {
    }

    public static InputStream open(InputStream raw, String name, Compression declared) throws IOException {
        PushbackInputStream in = new PushbackInputStream(raw, 4); // small: a load may open 100,000 files
        Compression actual = sniff(in);
        if (declared == Compression.NONE) {
            if (actual != Compression.NONE) {
                in.close();
                throw undeclared(name, actual);
            }
            return in;
        }
        if (actual != declared && !isEmpty(in)) {
            in.close();
            throw new LoadException(name, 0, 0, "not a " + declared + " file, as the source's " + declared
                    + " option says" + (actual == Compression.NONE ? "" : " (it is " + actual + ")"));
        }
        if (isEmpty(in)) {
            return in;
        }
        switch (declared) {
            case GZIP: return new GZIPInputStream(in, 1 << 16);
            case BZIP2: return new BZip2CompressorInputStream(in);
            case ZSTD: return new ZstdInputStream(in);
            default: throw new IllegalStateException(declared.name());
        }
    }

    /**
     * For a file already in memory and read as it is: the error {@link #open} gives when it is compressed but
     * the source has no compression option.
     */
    public static void checkUncompressed(byte[] bytes, int length, String name) {
        Compression actual = sniff(bytes, length);
        if (actual != Compression.NONE) {
            throw undeclared(name, actual);
        }
    }

    private static LoadException undeclared(String name, Compression actual) {
        return new LoadException(name, 0, 0, "the file is " + actual + "-compressed" + extensionNote(name)
                + " but the source has no compression option: set <compression>" + actual.name()
                .toLowerCase(java.util.Locale.ROOT) + "</compression> (COPY's " + actual + ")");
    }

    private static Compression sniff(PushbackInputStream in) throws IOException {
        byte[] magic = new byte[4];
        int n = in.readNBytes(magic, 0, 4);
        in.unread(magic, 0, n);
        return sniff(magic, n);
    }

    private static Compression sniff(byte[] magic, int n) {
        if (n >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            return Compression.GZIP;
        }
        if (n >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return Compression.BZIP2;
        }
        if (n >= 4 && (magic[0] & 0xFF) == 0x28 && (magic[1] & 0xFF) == 0xB5 && (magic[2] & 0xFF) == 0x2F
                && (magic[3] & 0xFF) == 0xFD) {
            return Compression.ZSTD;
        }
        return Compression.NONE;
    }

    private static boolean isEmpty(PushbackInputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            return true;
        }
        in.unread(b);
        return false;
    }

    private static String extensionNote(String name) {
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".gz") || lower.endsWith(".bz2") || lower.endsWith(".zst") ? " (as its name says)" : "";
    }
}
