package io.sparkfy.dw.generate;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder that receives song_data/ and log_data/. It refuses a folder that already holds data (two data sets mixed
 * would load without error), creates files only as new ones, and counts the bytes written to them.
 */
final class OutputFolder {

    private final Path root;
    private long bytes;

    private OutputFolder(Path root) {
        this.root = root;
    }

    /** Checks that the folder holds no data yet and creates it. */
    static OutputFolder prepare(Path root) throws IOException {
        refuseExistingData(root);
        Files.createDirectories(root);
        return new OutputFolder(root);
    }

    Path songData() {
        return root.resolve("song_data");
    }

    Path logData() {
        return root.resolve("log_data");
    }

    long bytes() {
        return bytes;
    }

    OutputStream create(Path file) throws IOException {
        // CREATE_NEW: never overwrite anything, even if the folder changed under us.
        return new CountingOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    private static void refuseExistingData(Path out) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IOException("output folder " + out.toAbsolutePath() + " exists and is not a directory");
        }
        for (String sub : List.of("song_data", "log_data")) {
            Path p = out.resolve(sub);
            if (!Files.exists(p)) {
                continue;
            }
            if (!Files.isDirectory(p)) {
                throw new IOException("refusing to write into " + out.toAbsolutePath() + ": " + p + " is not a directory");
            }
            try (Stream<Path> walk = Files.walk(p)) {
                if (walk.anyMatch(Files::isRegularFile)) {
                    throw new IOException("refusing to write into " + out.toAbsolutePath() + ": " + sub
                            + " already contains files (would mix data sets); use an empty folder");
                }
            }
        }
    }

    private final class CountingOutputStream extends FilterOutputStream {
        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }
    }
}
