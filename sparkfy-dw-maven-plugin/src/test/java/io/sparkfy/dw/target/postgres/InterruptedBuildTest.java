package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        EmbeddedWarehouse dw = new EmbeddedWarehouse(Path.of(args[0]), Log.silent());
        new Pipeline(dw.warehouse, new SqlResources(), Log.silent()).createTables(false);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000);
    }

    @Test
    void ctrlCStopsTheServerAndKeepsTheDataUsable() throws Exception {
        assumeTrue(File.separatorChar == '/' && Files.exists(Path.of("/bin/kill")), "needs POSIX signals");
        Path data = temp.resolve("pgdata");
        Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), InterruptedBuildTest.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(build.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // the child's start-up output
            }
            assertEquals("READY", line, "the child build did not start its warehouse");
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
            assertTrue(ProcessHandle.of(postmaster).isPresent());

            new ProcessBuilder("/bin/kill", "-INT", Long.toString(build.pid())).start().waitFor();
            assertTrue(build.waitFor(60, TimeUnit.SECONDS), "the build did not stop on SIGINT");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false),
                    "the embedded PostgreSQL outlived the interrupted build");
        } finally {
            build.destroyForcibly();
        }
        try (EmbeddedWarehouse next = new EmbeddedWarehouse(data, new RecordingLog())) {
            assertEquals(new SqlResources().migrations(Dialect.POSTGRES).size(), next.count("sparkfy_dw_schema_history"),
                    "the next build sees the deployed schema");
        }
    }
}
