package io.sparkfy.dw.target.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What PostgreSQL's own {@code postmaster.pid} in a data folder says: which process serves it, on which port, in
 * which state. The server writes it at start and removes it at a clean stop, so one left after a {@code kill -9} of
 * the build (the server survives it) names a server still running, or, after a crash or a reboot, nothing.
 */
record PostmasterPid(long pid, Path dataDirectory, int port, String status) {

    static final String FILE = "postmaster.pid";

    /** The file's content; empty when there is none, or it is half-written or not PostgreSQL's. */
    static Optional<PostmasterPid> read(Path dataDirectory) {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory.resolve(FILE));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            // Lines: pid, data directory, start time, port, socket directory, listen address, shared memory key,
            // status (PostgreSQL's pidfile.h)
            long pid = Long.parseLong(lines.get(0).strip());
            int port = Integer.parseInt(lines.get(3).strip());
            String status = lines.size() > 7 ? lines.get(7).strip() : "";
            return Optional.of(new PostmasterPid(pid, Path.of(lines.get(1).strip()), port, status));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the process it names runs, is a PostgreSQL server, and serves {@code folder}: a pid reused by another
     * program after a reboot, or a file copied with its folder, names no server here.
     */
    boolean servesHere(Path folder) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<String> command = process.get().info().command();
        boolean postgres = command.isEmpty() // not ours to inspect: the file and a live pid have to do
                || Path.of(command.get()).getFileName().toString().matches("postgres(\\.exe)?");
        return postgres && sameFolder(folder);
    }

    private boolean sameFolder(Path folder) {
        try {
            return Files.isSameFile(dataDirectory, folder);
        } catch (IOException e) {
            return dataDirectory.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize());
        }
    }

    /** The server process, while it runs. */
    Optional<ProcessHandle> process() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    }
}
