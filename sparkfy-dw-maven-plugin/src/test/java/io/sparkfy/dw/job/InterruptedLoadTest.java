package io.sparkfy.dw.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.S3Options;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.testing.ChildBuild;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.HeldFile;
import io.sparkfy.dw.testing.ListedSource;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.Signals;
import io.sparkfy.dw.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load interrupted while its COPY is open (the last events file holds halfway, so rows are at the server and the
 * COPY cannot end): by a thread interrupt, and by Ctrl-C on a build of its own. The goal says it was interrupted
 * and that nothing changed, and staging and the load ledger hold what they held before.
 */
class InterruptedLoadTest {

    private static final String HELD = "test:held-events";
    private static final String SAID = "load-stg was interrupted (Ctrl-C, or the build was stopped): nothing was"
            + " changed, its transaction was rolled back";

    @TempDir
    Path temp;

    @Test
    void anInterruptedLoadRollsBackAndSaysSo() throws Exception {
        Path data = generate(temp.resolve("data"));
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog())) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), new RecordingLog());
            pipeline.createTables(false);
            pipeline.loadStaging(sources(data.resolve("first")));
            Map<String, Long> before = dw.counts();
            long ledger = dw.count("sparkfy_dw_loaded_files");

            HeldFile.Gate gate = new HeldFile.Gate();
            Warehouse holding = dw.through(heldSources(data.resolve("second"), gate), new RecordingLog());
            RecordingLog log = new RecordingLog();
            Pipeline interrupted = Pipeline.builder(log).on(holding);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread goal = new Thread(() -> {
                try {
                    interrupted.loadStaging(heldStaging(data.resolve("second")));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "interrupted-goal");
            goal.start();
            try {
                Waits.await(gate.waiting, "the load never reached the held file");
                goal.interrupt();
                Waits.join(goal, "the interrupted load did not end");
            } finally {
                gate.goOn.countDown(); // the parser's rest of the file, for a load that is over
            }
            assertNotNull(failure.get(), "the interrupted load succeeded");
            assertEquals(SAID, failure.get().getMessage());
            assertFalse(log.text().contains("Database connection failed"), log.text());
            assertEquals(before, dw.counts(), "staging holds the first load");
            assertEquals(ledger, dw.count("sparkfy_dw_loaded_files"), "the ledger holds the first load");
            assertEquals(SAID, dw.string("SELECT error FROM sparkfy_dw_runs WHERE status = 'failed'"),
                    "the failed run is recorded with what happened");
            holding.close();
        }
    }

    /**
     * The "build" of {@link #ctrlCOnABuildMidLoadRollsBackAndSaysSo}: deploys the schema, loads the first data
     * set, then loads the second, whose last events file holds halfway; says HELD there and waits for the signal.
     * Its log goes to standard output, a line each, and a failed goal is reported by its message, as Maven does.
     */
    public static void main(String[] args) throws Exception {
        Log out = ChildBuild.printingLog();
        Path data = Path.of(args[1]);
        EmbeddedWarehouse dw = new EmbeddedWarehouse(Path.of(args[0]), Log.silent());
        Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), Log.silent());
        pipeline.createTables(false);
        pipeline.loadStaging(sources(data.resolve("first")));
        ChildBuild.print("LOADED " + dw.counts() + " " + dw.count("sparkfy_dw_loaded_files"));
        HeldFile.Gate gate = new HeldFile.Gate();
        Thread say = new Thread(() -> {
            try {
                gate.waiting.await();
                ChildBuild.print("HELD");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        say.setDaemon(true);
        say.start();
        try {
            Pipeline.builder(out).on(dw.through(heldSources(data.resolve("second"), gate), out))
                    .loadStaging(heldStaging(data.resolve("second")));
            ChildBuild.print("LOAD ENDED"); // not reached: the signal ends the load
        } catch (RuntimeException e) {
            // as Maven reports a failed goal without -e: its message, not the stack trace with the driver's causes
            // (whether this line is printed before the JVM's exit completes is a race, so it is not asserted)
            ChildBuild.print("ERROR " + e.getMessage());
        }
    }

    @Test
    void ctrlCOnABuildMidLoadRollsBackAndSaysSo() throws Exception {
        Signals.assumeCtrlCReachesChildren();
        Path data = generate(temp.resolve("data"));
        Path pgdata = temp.resolve("pgdata");
        List<String> lines;
        try (ChildBuild build = ChildBuild.start(InterruptedLoadTest.class, pgdata.toString(), data.toString())) {
            assertEquals("HELD", build.readUntil("HELD"::equals), "the child build never reached the held file: "
                    + build.lines());
            build.interrupt();
            assertTrue(build.awaitExit(), "the build did not stop on SIGINT");
            lines = build.lines();
        }
        String loaded = lines.stream().filter(l -> l.startsWith("LOADED ")).findFirst().orElseThrow();
        assertTrue(lines.contains("WARN " + SAID), "the interrupted build did not say so: " + lines);
        assertFalse(lines.contains("LOAD ENDED"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("Database connection failed")), lines.toString());

        try (EmbeddedWarehouse next = new EmbeddedWarehouse(pgdata, new RecordingLog())) {
            assertEquals(loaded, "LOADED " + next.counts() + " " + next.count("sparkfy_dw_loaded_files"),
                    "staging and the ledger hold the first load");
        }
    }

    private static Path generate(Path data) throws Exception {
        new DataGenerator(new DataGenerator.Settings(5, 50, 1_500, data.resolve("first")), line -> { }).generate();
        new DataGenerator(new DataGenerator.Settings(6, 60, 20_000, data.resolve("second")), line -> { }).generate();
        return data;
    }

    private static List<StagingSource> sources(Path data) {
        return List.of(new StagingSource("staging_events", data.resolve("log_data").toString(), events()),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }

    /** The second data set's events with the last file held, then its songs. */
    private static List<StagingSource> heldStaging(Path data) {
        return List.of(new StagingSource("staging_events", HELD, events()),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }

    private static Sources heldSources(Path data, HeldFile.Gate gate) {
        List<SourceObject> files = new ArrayList<>(Sources.local().of(data.resolve("log_data").toString(), null)
                .list());
        files.add(new HeldFile(files.remove(files.size() - 1), gate));
        return new Sources(S3Options.defaults(), location -> location.equals(HELD) ? new ListedSource(HELD, files)
                : null);
    }

    private static CopyOptions events() {
        return CopyOptions.jsonPaths("classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS);
    }

}
