package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Serving;
import io.sparkfy.dw.testing.ChildBuild;
import io.sparkfy.dw.testing.Psql;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Signals;
import io.sparkfy.dw.testing.SampleData;
import io.sparkfy.dw.testing.Waits;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve goal, explored with the real psql as the README shows: the printed command logs in as the read-only
 * login, reads the star, cannot write or read what is not the warehouse's, and the server listens on 127.0.0.1
 * only. The goal runs in a thread and is stopped by its control, as Ctrl-C's hook stops it; and in a JVM of its
 * own, where Ctrl-C stops it.
 */
class ServeTest {

    @TempDir
    Path temp;

    @Test
    void psqlReadsTheServedWarehouseAsTheReadOnlyLoginAndCannotWrite() throws Exception {
        Path data = temp.resolve("pgdata");
        int port = freePort();
        RecordingLog log = new RecordingLog();
        Pipeline pipeline = Pipeline.builder(log).open(WarehouseSettings.embedded(data).withEmbeddedPort(port));
        pipeline.createTables(false);
        pipeline.loadStaging(sampleSources());
        pipeline.insertDw();

        ServeControl control = new ServeControl();
        List<Throwable> failures = new ArrayList<>();
        Thread serve = new Thread(() -> {
            try {
                pipeline.serve(null, "sparkfy.readerPassword", control);
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "serve");
        serve.start();
        Serving serving = control.awaitReady(Duration.ofSeconds(Waits.GUARD_SECONDS));
        assertNotNull(serving, "serve never got ready: " + failures + "\n" + log.text());
        assertEquals(port, serving.port(), "the server listens on the port asked for");
        assertEquals("jdbc:postgresql://127.0.0.1:" + port + "/postgres", serving.jdbcUrl());
        long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());

        String psql = printed(log, "INFO   psql: ");
        assertTrue(psql.matches("PGPASSWORD=[a-z2-9]{20} psql -h 127\\.0\\.0\\.1 -p " + port
                + " -U sparkfy_reader -d postgres"), psql);
        assertTrue(log.lines.contains("INFO   JDBC (DBeaver, Metabase: the PostgreSQL driver): jdbc:postgresql://"
                + "127.0.0.1:" + port + "/postgres"), log.text());

        // The printed command, as is, reads the star.
        Psql.Result count = Psql.run(psql, "-At", "-c", "SELECT count(*) FROM songplays");
        assertEquals(new Psql.Result(0, "6820", ""), count);
        assertEquals("sparkfy_reader|on", Psql.run(psql, "-At", "-c",
                "SELECT current_user, current_setting('default_transaction_read_only')").out());

        // Writes are refused: by the read-only transaction, and without it by the missing privilege.
        Psql.Result insert = Psql.run(psql, "-v", "ON_ERROR_STOP=1", "-c",
                "INSERT INTO songplays (start_time, user_id, level) SELECT start_time, user_id, level FROM songplays");
        assertNotEquals(0, insert.exitCode());
        assertTrue(insert.err().contains("cannot execute INSERT in a read-only transaction"), insert.err());
        Psql.Result privileged = Psql.run(psql, "-v", "ON_ERROR_STOP=1", "-c",
                "SET default_transaction_read_only = off", "-c", "DELETE FROM songplays");
        assertNotEquals(0, privileged.exitCode());
        assertTrue(privileged.err().contains("permission denied for table songplays"), privileged.err());
        Psql.Result create = Psql.run(psql, "-v", "ON_ERROR_STOP=1", "-c",
                "SET default_transaction_read_only = off", "-c", "CREATE TABLE mine (x int)");
        assertTrue(create.err().contains("permission denied for schema public"), create.err());
        // Only the warehouse's tables: not, say, the schema history.
        Psql.Result other = Psql.run(psql, "-At", "-c", "SELECT count(*) FROM sparkfy_dw_schema_history");
        assertTrue(other.err().contains("permission denied for table sparkfy_dw_schema_history"), other.err());
        assertEquals("0", Psql.run(psql, "-At", "-c", "SELECT count(*) FROM sparkfy_dw_runs"
                + " WHERE status <> 'success'").out(), "the run history is readable");
        // The password is checked.
        Psql.Result wrong = Psql.run(psql.replaceFirst("PGPASSWORD=\\S+", "PGPASSWORD=wrong"), "-At", "-c", "SELECT 1");
        assertNotEquals(0, wrong.exitCode());
        assertTrue(wrong.err().contains("password authentication failed for user \"sparkfy_reader\""), wrong.err());

        // Loopback only: what the server says, what the kernel lists, and a connection from another address.
        assertEquals("127.0.0.1", Psql.run(psql, "-At", "-c", "SHOW listen_addresses").out());
        assertEquals(List.of("127.0.0.1"), listeningAddresses(port));
        for (InetAddress address : nonLoopbackAddresses()) {
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), 5000);
                }
            }, "reached the server at " + address);
        }

        // Tables created while serving (create-tables in another build) are readable at once.
        pipeline.dropTables();
        pipeline.createTables(false);
        assertEquals(new Psql.Result(0, "0", ""), Psql.run(psql, "-At", "-c", "SELECT count(*) FROM songplays"));

        control.stop();
        assertTrue(control.awaitStopped(Duration.ofSeconds(Waits.GUARD_SECONDS)), "serve did not stop");
        Waits.join(serve, "the serve thread did not end");
        assertEquals(List.of(), failures);
        ProcessHandle.of(postmaster).ifPresent(server -> server.onExit().completeOnTimeout(server,
                Waits.GUARD_SECONDS, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the server outlived the serve goal");
        assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO serve: stopping after ")), log.text());
        pipeline.close();
    }

    /**
     * The "mvn sparkfy-dw:serve" of {@link #ctrlCStopsTheServerAndEndsTheGoalCleanly}: serves the embedded warehouse
     * in {@code args[0]} on port {@code args[1]} until the signal. Its log goes to standard output, a line each.
     */
    public static void main(String[] args) {
        Log out = ChildBuild.printingLog();
        Pipeline.builder(out).open(WarehouseSettings.embedded(Path.of(args[0]))
                .withEmbeddedPort(Integer.parseInt(args[1]))).serve(null, "sparkfy.readerPassword", new ServeControl());
        ChildBuild.print("SERVE RETURNED"); // printed before the JVM's exit completes, or not: not asserted
    }

    @Test
    void ctrlCStopsTheServerAndEndsTheGoalCleanly() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = temp.resolve("pgdata");
        int port = freePort();
        List<String> lines;
        long postmaster;
        try (ChildBuild serve = ChildBuild.start(ServeTest.class, data.toString(), Integer.toString(port))) {
            String line = serve.readUntil(l -> l.startsWith("INFO   psql: "));
            assertNotNull(line, "serve never printed its psql line: " + serve.lines());
            assertTrue(line.endsWith(" -p " + port + " -U sparkfy_reader -d postgres"), line);
            postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));

            serve.interrupt();
            assertTrue(serve.awaitExit(), "serve did not end on SIGINT");
            lines = serve.lines();
        }
        ProcessHandle.of(postmaster).ifPresent(server -> server.onExit().completeOnTimeout(server,
                Waits.GUARD_SECONDS, TimeUnit.SECONDS).join());
        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the server outlived the serve goal");
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server did not stop cleanly");
        // The goal itself stopped, saying so: not cut off in its wait while the JVM exited around it.
        assertTrue(lines.stream().anyMatch(l -> l.matches("INFO serve: stopping after \\d+ s on 127\\.0\\.0\\.1:"
                + port)), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("interrupted") || l.contains("Exception")),
                lines.toString());
    }

    @Test
    void anExternalWarehouseIsNotServed() {
        Pipeline pipeline = Pipeline.builder(new RecordingLog()).open(
                new WarehouseSettings("jdbc:postgresql://db.example.com/dw", "u", "secret", null));
        ServeControl control = new ServeControl();
        SparkfyException e = assertThrows(SparkfyException.class, () -> pipeline.serve(null, "p", control));
        assertEquals("serve runs the embedded warehouse (no sparkfy.url); PostgreSQL at"
                + " jdbc:postgresql://db.example.com/dw is a server of its own: connect your tools to it directly",
                e.getMessage());
    }


    private static String printed(RecordingLog log, String prefix) {
        return log.lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + log.text()));
    }

    /** The local addresses of the sockets listening on {@code port}, from the kernel's own tables (Linux). */
    static List<String> listeningAddresses(int port) throws IOException {
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.strip().split("\\s+");
                if (f.length > 3 && f[3].equals("0A")) { // LISTEN
                    String[] local = f[1].split(":");
                    if (Integer.parseInt(local[1], 16) == port) {
                        addresses.add(address(local[0]));
                    }
                }
            }
        }
        assertFalse(addresses.isEmpty() && Files.exists(Path.of("/proc/net/tcp")), "nothing listens on " + port);
        return addresses;
    }

    private static String address(String hex) {
        if (hex.length() == 8) { // IPv4, little-endian
            long v = Long.parseLong(hex, 16);
            return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff);
        }
        return hex.toLowerCase(Locale.ROOT); // IPv6: any such entry is a failure, shown as the kernel has it
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a instanceof Inet4Address).forEach(addresses::add);
            }
        }
        return addresses;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static List<StagingSource> sampleSources() {
        Path sample = SampleData.udacitySmall();
        return List.of(
                new StagingSource("staging_events", sample.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", sample.resolve("song_data").toString(), CopyOptions.auto()));
    }
}
