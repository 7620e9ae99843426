package io.sparkfy.dw.target.postgres;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The embedded server's log ({@code pgdata.log} beside the data folder), where initdb, pg_ctl and the server write:
 * when a start fails, the cause is there, and the build's message quotes it.
 */
final class ServerLog {

    /** The lines that say why: the server's own severities, and the tools' and the kernel's refusals. */
    private static final Pattern RELEVANT = Pattern.compile(
            "FATAL|PANIC|ERROR|DETAIL|HINT|could not|cannot|failed|denied|not permitted|unshare|No such file",
            Pattern.CASE_INSENSITIVE);
    private static final int QUOTED = 6;

    private final Path file;

    ServerLog(Path dataDirectory) {
        this.file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    Path file() {
        return file;
    }

    /** Where the log ends now: what a start writes comes after it. */
    long end() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The last relevant lines written since {@code from} (the last lines when none is), at most a few. */
    List<String> causeSince(long from) {
        List<String> lines = new ArrayList<>();
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(from, in.length() - 64 * 1024);
            in.seek(start);
            byte[] tail = new byte[(int) (in.length() - start)];
            in.readFully(tail);
            for (String line : new String(tail, StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank()) {
                    lines.add(line.strip());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        List<String> relevant = lines.stream().filter(line -> RELEVANT.matcher(line).find()).toList();
        List<String> quoted = relevant.isEmpty() ? lines : relevant;
        return quoted.subList(Math.max(0, quoted.size() - QUOTED), quoted.size());
    }
}
