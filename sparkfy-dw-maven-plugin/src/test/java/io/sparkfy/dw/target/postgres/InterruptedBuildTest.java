package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.ChildBuild;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Signals;
import io.sparkfy.dw.testing.Waits;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on a build: a JVM of its own runs the embedded warehouse (as Maven would) and gets SIGINT. The server must
 * not outlive it, and the data folder must serve the next build.
 */
class InterruptedBuildTest {

    @TempDir
    Path temp;

    /** The "build": starts the embedded warehouse, deploys the schema, says READY, and waits to be interrupted. */
    public static void main(String[] args) throws Exception {
        build(args[0]);
        Thread.currentThread().join(); // until the signal ends the JVM
    }

    /** Starts the embedded warehouse in {@code folder}, deploys the schema and says READY. */
    static void build(String folder) {
        EmbeddedWarehouse dw = new EmbeddedWarehouse(Path.of(folder), Log.silent());
        new Pipeline(dw.warehouse, new SqlResources(), Log.silent()).createTables(false);
        System.out.println("READY");
        System.out.flush();
    }

    @Test
    void aServerLeftRunningByAKilledBuildIsFoundStoppedAndReplaced() throws Exception {
        Path data = temp.resolve("pgdata");
        long postmaster;
        try (ChildBuild build = ChildBuild.start(InterruptedBuildTest.class, data.toString())) {
            assertEquals("READY", build.readUntil("READY"::equals), "the child build did not start its warehouse");
            postmaster = postmaster(data);
            assertTrue(build.kill(), "the build did not die");
        }
        assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                "the server died with its build: nothing was left behind to find");

        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(data, log)) {
            assertEquals(new SqlResources().migrations(io.sparkfy.dw.schema.Dialect.POSTGRES).size(),
                    next.count("sparkfy_dw_schema_history"), "the next build sees the deployed schema");
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO Found the embedded PostgreSQL left"
                    + " running in " + data + " by a build that ended without stopping it (process " + postmaster
                    + ", port ")), log.text());
            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                    "the server left behind still runs");
            assertNotEquals(postmaster, postmaster(data), "a server of this build's serves the folder");
        }
    }

    /**
     * After a crash or a reboot, the folder's {@code postmaster.pid} names a process that is gone: the next build
     * removes it, says so, and starts the server as usual.
     */
    @Test
    void aStalePostmasterPidNamingADeadProcessIsRemovedAndTheServerStarts() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.exists(Path.of("/bin/true")), "needs a POSIX process to end");
        Path data = temp.resolve("pgdata");
        Process gone = new ProcessBuilder("/bin/true").start();
        assertTrue(gone.waitFor(60, TimeUnit.SECONDS), "/bin/true did not end");
        startCrashedAndStartAgain(data, gone.pid());
    }

    /**
     * The pid a stale file names now belongs to another program (pids are reused after a reboot): PostgreSQL would
     * take it for a server still running and refuse to start; the build removes the file first.
     */
    @Test
    void aStalePostmasterPidNamingAnotherLiveProgramIsRemovedAndTheServerStarts() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.exists(Path.of("/bin/cat")), "needs a POSIX process to hold");
        Path data = temp.resolve("pgdata");
        Process other = new ProcessBuilder("/bin/cat").start(); // lives until its input closes
        try {
            startCrashedAndStartAgain(data, other.pid());
            assertTrue(other.isAlive(), "the other program was stopped");
        } finally {
            other.getOutputStream().close();
            assertTrue(other.waitFor(60, TimeUnit.SECONDS), "cat did not end");
        }
    }

    /**
     * Deploys a warehouse in {@code data} and stops it, leaves a {@code postmaster.pid} as a crash would (the last
     * server's, naming {@code stalePid}), and starts it again: the file is removed with a line saying so, and the
     * server that starts serves the deployed schema.
     */
    private static void startCrashedAndStartAgain(Path data, long stalePid) throws Exception {
        List<String> pidFile;
        try (EmbeddedWarehouse first = new EmbeddedWarehouse(data, new RecordingLog())) {
            new Pipeline(first.warehouse, new SqlResources(), Log.silent()).createTables(false);
            pidFile = Files.readAllLines(data.resolve("postmaster.pid"));
        }
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the first server did not stop cleanly");
        pidFile.set(0, Long.toString(stalePid));
        Files.write(data.resolve("postmaster.pid"), pidFile);

        RecordingLog log = new RecordingLog();
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(data, log)) {
            assertTrue(log.lines.contains("INFO Removed a stale postmaster.pid from " + data + " (process " + stalePid
                    + " does not serve it: the last server did not stop cleanly)"), log.text());
            assertTrue(log.lines.stream().anyMatch(l -> l.startsWith("INFO Embedded PostgreSQL ready on port ")),
                    log.text());
            assertEquals(new SqlResources().migrations(io.sparkfy.dw.schema.Dialect.POSTGRES).size(),
                    next.count("sparkfy_dw_schema_history"), "the server serves the deployed warehouse");
            long postmaster = postmaster(data);
            assertNotEquals(stalePid, postmaster);
            assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
        }
    }

    @Test
    void theHookStopsTheServerAfterTheBuildsClassLoaderIsClosed() throws Exception {
        Path data = temp.resolve("pgdata");
        String output = closedLoaderBuild(data);
        assertTrue(output.contains("READY") && output.contains("CLOSED"), output);
        assertFalse(output.contains("Exception") || output.contains("Error"), "the hook failed:\n" + output);
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "the server did not stop cleanly:\n" + output);
    }

    /** The NoClassDefFoundError for DurationFormatUtils: a failed start, then the build's end. */
    @Test
    void aFailedStartLeavesNoHookToFailAfterTheBuild() throws Exception {
        Path data = temp.resolve("pgdata");
        String output = closedLoaderBuild(data, "fail");
        assertTrue(output.contains("FAILED AS EXPECTED") && output.contains("CLOSED"), output);
        assertFalse(output.contains("NoClassDefFoundError") || output.contains("FAILED toString()"),
                "a hook ran into the closed class loader:\n" + output);
    }

    /** A child JVM runs {@link ClosedLoaderBuild} (the library logging at INFO, as in Maven) to its exit. */
    private String closedLoaderBuild(Path data, String... mode) throws Exception {
        Path logging = temp.resolve("logback-info.xml");
        Files.writeString(logging, "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%level %logger - %msg%n</pattern></encoder></appender>"
                + "<root level=\"INFO\"><appender-ref ref=\"OUT\"/></root></configuration>");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Dlogback.configurationFile=" + logging, "-cp", System.getProperty("java.class.path"),
                ClosedLoaderBuild.class.getName(), data.toString()));
        command.addAll(List.of(mode));
        Process build = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // to its exit
            assertTrue(build.waitFor(60, TimeUnit.SECONDS), "the build did not end");
            return output;
        } finally {
            build.destroyForcibly();
        }
    }

    @Test
    void aFailedStartSaysWhatTheServerLogSays() throws Exception {
        Path data = temp.resolve("pgdata");
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            SparkfyException e = assertThrows(SparkfyException.class,
                    () -> EmbeddedPostgresServer.jdbcUrl(data, taken.getLocalPort(), new RecordingLog()));
            assertTrue(e.getMessage().startsWith("cannot start the embedded PostgreSQL in " + data + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("pgdata.log says: "), e.getMessage());
            assertTrue(e.getMessage().contains("could not bind IPv4 address \"127.0.0.1\": Address already in use"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("namespaces"), "not the cause here: " + e.getMessage());
        }
    }

    private static long postmaster(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    @Test
    void ctrlCStopsTheServerAndKeepsTheDataUsable() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = temp.resolve("pgdata");
        try (ChildBuild build = ChildBuild.start(InterruptedBuildTest.class, data.toString())) {
            assertEquals("READY", build.readUntil("READY"::equals), "the child build did not start its warehouse");
            long postmaster = postmaster(data);
            assertTrue(ProcessHandle.of(postmaster).isPresent());

            build.interrupt();
            assertTrue(build.awaitExit(), "the build did not stop on SIGINT");
            // The server's own exit is the event: onExit completes when it is gone (the bound only ends a hang).
            ProcessHandle.of(postmaster).ifPresent(server -> server.onExit().completeOnTimeout(server,
                    Waits.GUARD_SECONDS, TimeUnit.SECONDS).join());
            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                    "the embedded PostgreSQL outlived the interrupted build");
        }
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(data, new RecordingLog())) {
            assertEquals(new SqlResources().migrations(io.sparkfy.dw.schema.Dialect.POSTGRES).size(),
                    next.count("sparkfy_dw_schema_history"), "the next build sees the deployed schema");
        }
    }
}
