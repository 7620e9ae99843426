package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.QueryResult;
import io.sparkfy.dw.job.ServeControl;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Serving;
import io.sparkfy.dw.target.WarehouseLock;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Waits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two builds (two JVMs) on one embedded folder: the second uses the first's server and waits for the warehouse lock
 * like any client; readers do not wait; serve uses it on its port and says so; the server stays up while either
 * uses it and stops when the last is done.
 */
class SharedServerTest {

    @TempDir
    Path temp;

    /**
     * The first build: starts the server, deploys the schema, takes the warehouse lock as a long load-stg would,
     * says LOCKED, and lets go when told (a line on its input); then its JVM ends (its hook leaves the server).
     */
    public static void main(String[] args) throws Exception {
        Log log = Log.silent();
        EmbeddedWarehouse dw = new EmbeddedWarehouse(Path.of(args[0]), log);
        new Pipeline(dw.warehouse, new SqlResources(), log).createTables(false);
        WarehouseLock lock = dw.warehouse.lock(Duration.ofSeconds(60), "load-stg", log);
        System.out.println("LOCKED");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        lock.close();
        System.out.println("RELEASED");
        System.out.flush();
    }

    @Test
    void aSecondBuildUsesTheFirstsServerWaitsForItsLockAndKeepsTheServerUpAfterIt() throws Exception {
        Path data = temp.resolve("pgdata");
        Process first = firstBuild(data);
        try {
            long server = postmaster(data);
            CountDownLatch waiting = new CountDownLatch(1);
            RecordingLog lines = new RecordingLog();
            Log log = watching(lines, "insert-dw: another sparkfy-dw goal is working on this warehouse", waiting);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Pipeline[] second = new Pipeline[1];
            Thread build = new Thread(() -> {
                try {
                    second[0] = Pipeline.builder(log).open(WarehouseSettings.embedded(data));
                    second[0].insertDw();
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "second build");
            build.start();
            Waits.await(waiting, "the second build never waited for the lock: " + failures + "\n" + lines.text());
            assertTrue(first.isAlive(), "the first build ended before the second waited");

            release(first);
            Waits.join(build, "the second build did not go on once the first let go");
            assertEquals(List.of(), failures, lines.text());
            assertTrue(lines.lines.contains("INFO The embedded PostgreSQL in " + data + " already runs for another"
                    + " build (process " + server + ", port " + port(data) + "): using it; goals that change the"
                    + " warehouse take turns on its lock"), lines.text());
            assertTrue(lines.lines.contains("INFO insert-dw: the warehouse is free, going on"), lines.text());

            // The first build is gone (its hook has run when its process has ended); the server is not.
            assertTrue(first.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS), "the first build did not end");
            assertTrue(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false),
                    "the first build stopped the server the second one uses");
            assertEquals(List.of(List.of("1")), second[0].query("SELECT count(*) FROM sparkfy_dw_runs WHERE goal ="
                    + " 'insert-dw' AND status = 'success'", 10).rows());
            second[0].close();

            // The last one out stops it.
            EmbeddedPostgresServer.stop(data);
            ProcessHandle.of(server).ifPresent(p -> p.onExit().completeOnTimeout(p, Waits.GUARD_SECONDS,
                    TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false),
                    "the last build did not stop the server");
            assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server did not stop cleanly");
        } finally {
            first.destroyForcibly();
            EmbeddedPostgresServer.stop(data);
        }
    }

    @Test
    void readersDoNotWaitForALoadHoldingTheLock() throws Exception {
        Path data = temp.resolve("pgdata");
        Process first = firstBuild(data);
        try (Pipeline reader = Pipeline.builder(new RecordingLog()).open(WarehouseSettings.embedded(data))) {
            QueryResult query = reader.query("SELECT count(*) FROM sparkfy_dw_schema_history", 10);
            QueryResult info = reader.info();
            QueryResult history = reader.history(5);
            // All three answered while the first build still holds the lock: it has not been told to let go.
            assertTrue(first.isAlive());
            assertEquals(List.of("1"), reader.query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND granted", 10).rows().get(0));
            assertEquals(String.valueOf(new SqlResources().migrations(io.sparkfy.dw.schema.Dialect.POSTGRES).size()),
                    query.rows().get(0).get(0));
            assertFalse(info.rows().isEmpty());
            assertFalse(history.rows().isEmpty());
            release(first);
            assertTrue(first.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS), "the first build did not end");
        } finally {
            first.destroyForcibly();
            EmbeddedPostgresServer.stop(data);
        }
    }

    @Test
    void serveJoiningARunningBuildsServerSaysSoAndServesOnThatServersPort() throws Exception {
        Path data = temp.resolve("pgdata");
        Process first = firstBuild(data);
        try {
            int running = port(data);
            int asked;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                asked = free.getLocalPort(); // not the running server's: that one is taken
            }
            RecordingLog log = new RecordingLog();
            ServeControl control = new ServeControl();
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            Thread serve = new Thread(() -> {
                try (Pipeline pipeline = Pipeline.builder(log).open(WarehouseSettings.embedded(data)
                        .withEmbeddedPort(asked))) {
                    pipeline.serve(null, "sparkfy.readerPassword", control);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "serve");
            serve.start();
            Serving serving = control.awaitReady(Duration.ofSeconds(Waits.GUARD_SECONDS));
            assertNotNull(serving, "serve never got ready: " + failures + "\n" + log.text());
            assertEquals(running, serving.port(), "serve uses the server the build started, on its port");
            assertTrue(log.lines.contains("WARN serve: the embedded PostgreSQL already ran for another build, on port "
                    + running + ": serving it there, not on " + asked + " (run serve first to have the fixed port)"),
                    log.text());
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO   psql: ")
                    && l.endsWith(" -p " + running + " -U sparkfy_reader -d postgres")), log.text());

            control.stop();
            Waits.join(serve, "serve did not stop");
            assertEquals(List.of(), failures, log.text());
            assertTrue(first.isAlive(), "the build ended while serve ran");
            assertTrue(log.lines.contains("INFO The embedded PostgreSQL in " + data.toAbsolutePath().normalize()
                    + " keeps running: another build uses it (the last one to finish stops it)"), log.text());
            release(first);
            assertTrue(first.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS), "the first build did not end");
        } finally {
            first.destroyForcibly();
            EmbeddedPostgresServer.stop(data);
        }
    }

    /** Starts the first build and waits until it holds the warehouse lock. */
    private Process firstBuild(Path data) throws IOException {
        Process first = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SharedServerTest.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
        List<String> said = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("LOCKED")) {
            said.add(line);
        }
        assertEquals("LOCKED", line, "the first build did not take the lock: " + said);
        return first;
    }

    private static void release(Process first) throws IOException {
        OutputStream in = first.getOutputStream();
        in.write("go\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static Log watching(RecordingLog lines, String prefix, CountDownLatch seen) {
        return new Log() {
            @Override
            public void info(String message) {
                lines.info(message);
                if (message.startsWith(prefix)) {
                    seen.countDown();
                }
            }

            @Override
            public void warn(String message) {
                lines.warn(message);
            }

            @Override
            public void debug(String message) {
                lines.debug(message);
            }
        };
    }

    private static long postmaster(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    private static int port(Path data) throws IOException {
        return Integer.parseInt(Files.readAllLines(data.resolve("postmaster.pid")).get(3).strip());
    }
}
