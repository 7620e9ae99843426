package io.sparkfy.dw.bench;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The load benchmark: generated data at a chosen scale, measured on the embedded PostgreSQL against the floors
 * (bare COPY of already-converted rows; the insert-dw SQL run bare), in one run so the ratios hold on a noisy
 * machine. Prints a table; with {@code --readme FILE} also rewrites the README's benchmark section.
 *
 * <p>Run it with the documented command (README, "Performance"): a JVM of its own with a fixed heap, so the peak
 * heap and RSS printed are the loading JVM's.
 */
public final class Benchmark {

    private static final String START = "<!-- benchmark:start -->";
    private static final String END = "<!-- benchmark:end -->";

    /** Measured rounds of each step, alternating, after the warm-up; the best of them is kept. */
    private static final int ROUNDS = 3;

    private final Path work;
    private final long seed = 42;
    /** What the main table measured, for the sections after it: floor-load, load-stg / floor-load, insert-dw. */
    private double floorSeconds;
    private double warmRatio;
    private double fullBuild;

    private Benchmark(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path work = Path.of(options.getOrDefault("work", "target/benchmark"));
        long events = Long.parseLong(options.getOrDefault("events", "1000000"));
        int songs = Integer.parseInt(options.getOrDefault("songs", "100000"));
        List<Long> scale = new ArrayList<>();
        for (String size : options.getOrDefault("scale", "").split(",")) {
            if (!size.isBlank()) {
                scale.add(Long.parseLong(size.strip()));
            }
        }
        Benchmark benchmark = new Benchmark(work);
        StringBuilder report = new StringBuilder();
        report.append(machine()).append('\n');
        report.append(benchmark.compare(events, songs)).append('\n');
        if (!options.getOrDefault("daily", "true").equals("false")) {
            report.append(DailyBatches.run(work, benchmark.data(events, songs), Benchmark::sources,
                    benchmark.fullBuild, Integer.parseInt(options.getOrDefault("daily-days", "0")),
                    Integer.parseInt(options.getOrDefault("daily-rounds", "2")))).append('\n');
        }
        if (options.containsKey("maven-home")) {
            ColdLoad.Settings maven = new ColdLoad.Settings(Path.of(options.get("maven-home")), options.get("plugin"),
                    Path.of(options.get("cold-repo")), tail(options.getOrDefault("repo-tail", "")));
            report.append(ColdLoad.run(maven, work, benchmark.data(events, songs), benchmark.floorSeconds,
                    benchmark.warmRatio)).append('\n');
        }
        if (!scale.isEmpty()) {
            report.append(benchmark.scale(scale, songs)).append('\n');
        }
        if (options.containsKey("s3-delay-ms")) {
            report.append(S3Overlap.run(work.resolve("s3"), Integer.parseInt(options.get("s3-delay-ms")))).append('\n');
        }
        System.out.println();
        System.out.println(report);
        Files.writeString(work.resolve("results.md"), report.toString());
        if (options.containsKey("readme")) {
            rewriteReadme(Path.of(options.get("readme")), report.toString());
        }
    }

    /** The main table: floors, the plugin's goals, their ratios, and the loading JVM's memory. */
    private String compare(long events, int songs) throws Exception {
        Path data = data(events, songs);
        long jsonBytes = size(data);
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(work.resolve("pgdata-" + events), Log.silent())) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), Log.silent());
            pipeline.createTables(true);
            List<StagingSource> sources = sources(data);

            // Warm-up loads (the first in this JVM includes compiling the hot code); the result, dumped as COPY
            // text, is what the floor loads.
            double firstLoad = time(() -> pipeline.loadStaging(sources, Reload.ALL));
            pipeline.loadStaging(sources, Reload.ALL);
            Path eventsText = work.resolve("floor-staging_events.copy");
            Path songsText = work.resolve("floor-staging_songs.copy");
            dump(dw, "staging_events", eventsText, "");
            dump(dw, "staging_songs", songsText, "");
            // The same rows in binary COPY, the format load-stg sends: a second floor, for a like-for-like view.
            Path eventsBinary = work.resolve("floor-staging_events.bin");
            Path songsBinary = work.resolve("floor-staging_songs.bin");
            dump(dw, "staging_events", eventsBinary, " (FORMAT binary)");
            dump(dw, "staging_songs", songsBinary, " (FORMAT binary)");
            long rows = dw.count("staging_events") + dw.count("staging_songs");
            resetPeaks();

            Run floorLoad = null;
            Run binaryFloor = null;
            Run loadStg = null;
            double[] floorTables = {Double.MAX_VALUE, Double.MAX_VALUE};
            double[] loadTables = {Double.MAX_VALUE, Double.MAX_VALUE};
            for (int round = 0; round < ROUNDS; round++) { // alternate, keep the best: fair to both
                double[] floorSplit = new double[2];
                floorLoad = Run.best(floorLoad, run(dw, () -> floorLoad(dw, eventsText, songsText, "", floorSplit)));
                binaryFloor = Run.best(binaryFloor, run(dw, () -> floorLoad(dw, eventsBinary, songsBinary,
                        " (FORMAT binary)", new double[2])));
                List<LoadStats> stats = new ArrayList<>();
                loadStg = Run.best(loadStg,
                        run(dw, () -> stats.addAll(pipeline.loadStaging(sources, Reload.ALL))));
                for (int t = 0; t < 2; t++) {
                    floorTables[t] = Math.min(floorTables[t], floorSplit[t]);
                    loadTables[t] = Math.min(loadTables[t], stats.get(t).nanos() / 1e9);
                }
            }
            // Each table alone, to tell the parsing's cost from the cost of sharing two cores between the tables.
            Run eventsAlone = null;
            Run songsAlone = null;
            for (int round = 0; round < 2; round++) {
                eventsAlone = Run.best(eventsAlone,
                        run(dw, () -> pipeline.loadStaging(sources.subList(0, 1), Reload.ALL)));
                songsAlone = Run.best(songsAlone,
                        run(dw, () -> pipeline.loadStaging(sources.subList(1, 2), Reload.ALL)));
            }
            // What if: the same song records in files of 1,000 (as the events come in one file per day).
            Path packed = packSongs(data.resolve("song_data"), work.resolve("songs-packed-" + songs + "-" + seed));
            List<StagingSource> packedSources = List.of(sources.get(0),
                    new StagingSource("staging_songs", packed.toString(), CopyOptions.auto()));
            Run packedLoad = null;
            for (int round = 0; round < 2; round++) {
                packedLoad = Run.best(packedLoad, run(dw, () -> pipeline.loadStaging(packedSources, Reload.ALL)));
            }
            double floorTransform = Double.MAX_VALUE;
            double insertDw = Double.MAX_VALUE;
            double etl = Double.MAX_VALUE;
            for (int round = 0; round < 2; round++) {
                truncateStar(dw);
                floorTransform = Math.min(floorTransform, time(() -> floorTransform(dw)));
                truncateStar(dw);
                insertDw = Math.min(insertDw, time(pipeline::insertDw));
                truncateStar(dw);
                etl = Math.min(etl, time(() -> {
                    pipeline.loadStaging(sources, Reload.ALL);
                    pipeline.insertDw();
                }));
            }
            long starRows = dw.count("songplays") + dw.count("users") + dw.count("songs") + dw.count("artists")
                    + dw.count("time");
            // The star holds what staging holds: a second insert-dw has nothing new to merge.
            double nothingNew = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                nothingNew = Math.min(nothingNew, time(pipeline::insertDw));
            }
            floorSeconds = floorLoad.seconds();
            warmRatio = loadStg.seconds() / floorLoad.seconds();
            fullBuild = insertDw;

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "### %,d events, %,d songs (%.0f MB of JSON)%n%n", events, songs,
                    jsonBytes / 1e6));
            out.append("| step | rows | seconds | rows/s | MB/s of JSON |\n|---|---:|---:|---:|---:|\n");
            out.append(row("floor-load (bare COPY of converted rows)", rows, floorLoad.seconds(), jsonBytes));
            out.append(row("floor-load in binary COPY (what load-stg sends)", rows, binaryFloor.seconds(), jsonBytes));
            out.append(row("load-stg (the plugin, from JSON)", rows, loadStg.seconds(), jsonBytes));
            out.append(row("floor-transform (insert-dw SQL, bare)", starRows, floorTransform, 0));
            out.append(row("insert-dw (the plugin)", starRows, insertDw, 0));
            out.append(row("etl (the plugin: load-stg + insert-dw)", rows, etl, jsonBytes));
            out.append(row("insert-dw again, nothing new (the star holds staging)", 0, nothingNew, 0));
            out.append(String.format(Locale.ROOT, "%n| ratio | value | target |%n|---|---:|---:|%n"
                            + "| load-stg / floor-load | %.2f | <= 1.10 |%n"
                            + "| load-stg / floor-load in binary COPY | %.2f | |%n"
                            + "| etl / (floor-load + floor-transform) | %.2f | <= 1.25 |%n"
                            + "| insert-dw into an empty star / load-stg | %.2f | <= 1.50 |%n"
                            + "| insert-dw with nothing new / insert-dw into an empty star | %.3f | <= 0.10 |%n"
                            + "| per table, staging_events: load / floor (%.2f s / %.2f s) | %.2f | |%n",
                    loadStg.seconds() / floorLoad.seconds(), loadStg.seconds() / binaryFloor.seconds(),
                    etl / (floorLoad.seconds() + floorTransform), insertDw / loadStg.seconds(),
                    nothingNew / insertDw, loadTables[0], floorTables[0], loadTables[0] / floorTables[0]));
            out.append(String.format(Locale.ROOT, "%nThe first load-stg in this JVM (compiling its hot code as it"
                    + " runs) took %.2f s; the table shows the best of %d rounds after two warm-up loads, each step"
                    + " alternating with the others.%n", firstLoad, ROUNDS));
            out.append(String.format(Locale.ROOT, "%nstaging_songs (%,d files) is listed, read and parsed while the"
                    + " events load, in the cores' slack (only while the events have rows waiting for the server);"
                    + " its COPY ended %.2f s after theirs (the floor's songs COPY: %.2f s).%n", songs,
                    loadTables[1] - loadTables[0], floorTables[1]));
            out.append(String.format(Locale.ROOT, "%nEach table loaded alone: staging_events %.2f s (its floor %.2f s,"
                    + " %.2f x), staging_songs %.2f s (its floor %.2f s).%n", eventsAlone.seconds(), floorTables[0],
                    eventsAlone.seconds() / floorTables[0], songsAlone.seconds(), floorTables[1]));
            out.append(String.format(Locale.ROOT, "%nThe same song records in %,d files of up to %,d (a what-if, not the"
                            + " issue's data): load-stg %.2f s, %.2f x floor-load.%n", fileCount(packed), SONGS_PER_FILE,
                    packedLoad.seconds(), packedLoad.seconds() / floorLoad.seconds()));
            int cores = Runtime.getRuntime().availableProcessors();
            out.append(String.format(Locale.ROOT, "%n| CPU of the load | wall s | plugin JVM CPU s | server CPU s"
                    + " | CPU s in all | CPU / %d cores |%n|---|---:|---:|---:|---:|---:|%n", cores));
            out.append(cpuRow("floor-load", floorLoad, cores));
            out.append(cpuRow("floor-load in binary COPY", binaryFloor, cores));
            out.append(cpuRow("load-stg", loadStg, cores));
            out.append(cpuRow("load-stg, staging_events alone", eventsAlone, cores));
            out.append(cpuRow("load-stg, staging_songs alone", songsAlone, cores));
            out.append(String.format(Locale.ROOT, "%nOn %d cores no schedule can finish load-stg's CPU work in less"
                            + " than %.2f s, %.2f x floor-load.%n", cores, loadStg.cpu() / cores,
                    loadStg.cpu() / cores / floorLoad.seconds()));
            out.append(String.format(Locale.ROOT, "%nLoading JVM: max heap %d MB, peak heap used %d MB, peak RSS %d"
                    + " MB.%n", Runtime.getRuntime().maxMemory() >> 20, peakHeap() >> 20, peakRssKb() >> 10));
            return out.toString();
        }
    }

    /**
     * load-stg at several sizes, each against the floor of the same rows (bare COPY text), best of {@value #ROUNDS}
     * after a warm-up load: time per million rows should stay flat (bounded memory, no quadratic work), and where
     * it does not, the floor column tells the plugin's share from the server's.
     */
    private String scale(List<Long> sizes, int songs) throws Exception {
        StringBuilder out = new StringBuilder("### Scale (load-stg)\n\n| events | rows | seconds | s per M rows |"
                + " floor-load s | load-stg / floor-load | peak heap MB |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (long events : sizes) {
            Path data = data(events, songs);
            try (EmbeddedWarehouse dw = new EmbeddedWarehouse(work.resolve("pgdata-scale-" + events), Log.silent())) {
                Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), Log.silent());
                pipeline.createTables(true);
                pipeline.loadStaging(sources(data), Reload.ALL); // warms the JIT and the page cache
                Path eventsText = work.resolve("scale-staging_events.copy");
                Path songsText = work.resolve("scale-staging_songs.copy");
                dump(dw, "staging_events", eventsText, "");
                dump(dw, "staging_songs", songsText, "");
                resetPeaks();
                double seconds = Double.MAX_VALUE;
                double floor = Double.MAX_VALUE;
                for (int round = 0; round < ROUNDS; round++) {
                    floor = Math.min(floor, time(() -> floorLoad(dw, eventsText, songsText, "", new double[2])));
                    seconds = Math.min(seconds, time(() -> pipeline.loadStaging(sources(data), Reload.ALL)));
                }
                long heap = peakHeap();
                long rows = dw.count("staging_events") + dw.count("staging_songs");
                out.append(String.format(Locale.ROOT, "| %,d | %,d | %.2f | %.2f | %.2f | %.2f | %d |%n", events, rows,
                        seconds, seconds / (rows / 1e6), floor, seconds / floor, heap >> 20));
                Files.delete(eventsText);
                Files.delete(songsText);
            }
        }
        return out.toString();
    }

    private Path data(long events, int songs) throws IOException {
        Path data = work.resolve("data-" + events + "-" + songs + "-" + seed);
        if (!Files.exists(data.resolve("done"))) {
            deleteTree(data);
            System.out.printf("generating %,d events and %,d songs into %s%n", events, songs, data);
            new DataGenerator(new DataGenerator.Settings(seed, songs, events, data), line -> { }).generate();
            Files.writeString(data.resolve("done"), "");
        }
        return data;
    }

    private static final int SONGS_PER_FILE = 1_000;

    /** The song files' records, one per line, in files of {@value #SONGS_PER_FILE}, in the listing's order. */
    private static Path packSongs(Path songData, Path packed) throws IOException {
        if (Files.exists(packed.resolve("done"))) {
            return packed.resolve("song_data");
        }
        deleteTree(packed);
        Path out = Files.createDirectories(packed.resolve("song_data"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(songData)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (int from = 0, part = 0; from < files.size(); from += SONGS_PER_FILE, part++) {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(
                    out.resolve(String.format(Locale.ROOT, "songs-%05d.json", part))))) {
                for (Path song : files.subList(from, Math.min(files.size(), from + SONGS_PER_FILE))) {
                    file.write(Files.readAllBytes(song));
                    file.write('\n');
                }
            }
        }
        Files.writeString(packed.resolve("done"), "");
        return out;
    }

    private static long fileCount(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }

    static List<StagingSource> sources(Path data) {
        return List.of(
                new StagingSource("staging_events", data.resolve("log_data").toString(), CopyOptions.jsonPaths(
                        "classpath:" + SqlResources.LOG_JSON_PATHS, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs", data.resolve("song_data").toString(), CopyOptions.auto()));
    }

    /** The floor: the same transaction shape as load-stg (TRUNCATE + COPY), from rows already converted. */
    private static void floorLoad(EmbeddedWarehouse dw, Path eventsText, Path songsText, String format,
                                  double[] split) throws Exception {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long started = System.nanoTime();
            statement.execute("TRUNCATE staging_events");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(eventsText), 1 << 16)) {
                copy.copyIn("COPY staging_events FROM STDIN" + format, in, 1 << 16);
            }
            long middle = System.nanoTime();
            statement.execute("TRUNCATE staging_songs");
            try (InputStream in = new BufferedInputStream(Files.newInputStream(songsText), 1 << 16)) {
                copy.copyIn("COPY staging_songs FROM STDIN" + format, in, 1 << 16);
            }
            connection.commit();
            split[0] = (middle - started) / 1e9;
            split[1] = (System.nanoTime() - middle) / 1e9;
        }
    }

    private static void floorTransform(EmbeddedWarehouse dw) throws SQLException {
        try (Connection connection = dw.warehouse.connect(); Statement statement = connection.createStatement()) {
            for (SqlStatement sql : new SqlResources().script(Dialect.POSTGRES, "insert_dw")) {
                statement.execute(sql.sql());
            }
            connection.commit();
        }
    }

    /** An empty star, and staging not merged yet (else insert-dw would find nothing new and leave the star empty). */
    private static void truncateStar(EmbeddedWarehouse dw) {
        dw.execute("TRUNCATE " + String.join(", ", new SqlResources().declaration().starTables()));
        dw.execute("UPDATE " + new SqlResources().declaration().stagingStateTable()
                + " SET merged_run_id = NULL, merged_at = NULL");
    }

    private static void dump(EmbeddedWarehouse dw, String table, Path file, String format) throws Exception {
        try (Connection connection = dw.warehouse.connect();
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            connection.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY " + table + " TO STDOUT" + format, out);
        }
    }

    private static String cpuRow(String step, Run run, int cores) {
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f |%n", step, run.seconds(),
                run.jvm(), run.server(), run.cpu(), run.cpu() / cores);
    }

    /** One measured step: wall seconds, and CPU seconds of this JVM and of the database server meanwhile. */
    private record Run(double seconds, double jvm, double server) {

        double cpu() {
            return jvm + server;
        }

        static Run best(Run a, Run b) {
            return a == null || b.seconds < a.seconds ? b : a;
        }
    }

    private static Run run(EmbeddedWarehouse dw, Step step) throws Exception {
        System.gc();
        double jvm = CpuClock.jvm();
        double server = CpuClock.server(dw.dataDirectory);
        long started = System.nanoTime();
        step.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Run(seconds, CpuClock.jvm() - jvm, CpuClock.server(dw.dataDirectory) - server);
    }

    private static String row(String step, long rows, double seconds, long jsonBytes) {
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s |%n", step, rows, seconds, rows / seconds,
                jsonBytes == 0 ? "" : String.format(Locale.ROOT, "%.0f", jsonBytes / 1e6 / seconds));
    }

    interface Step {
        void run() throws Exception;
    }

    static double time(Step step) throws Exception {
        System.gc();
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1e9;
    }

    /** Highest heap in use seen by a 5 ms sampler (the sum of the pools' own peaks would overstate it). */
    private static final AtomicLong PEAK_HEAP = new AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            while (true) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                PEAK_HEAP.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static void resetPeaks() {
        PEAK_HEAP.set(0);
    }

    static long peakHeap() {
        return PEAK_HEAP.get();
    }

    /** VmHWM: the resident set's high-water mark of this JVM (Linux), 0 elsewhere. */
    static long peakRssKb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).map(l -> l.replaceAll(".*:\\s*", "")).findFirst()
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux: leave it unknown
        }
        return String.format(Locale.ROOT, "Machine: %s, %d cores available to the JVM, %s %s, Java %s, embedded"
                        + " PostgreSQL 17 (fsync off).%n", cpu, Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    private static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) files.sorted((a, b) -> b.compareTo(a))::iterator) {
                Files.delete(p);
            }
        }
    }

    private static void rewriteReadme(Path readme, String report) throws IOException {
        String text = Files.readString(readme);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        if (start < 0 || end < start) {
            throw new IllegalStateException(readme + " has no " + START + " ... " + END + " section");
        }
        Files.writeString(readme, text.substring(0, start + START.length()) + "\n" + report.strip() + "\n"
                + text.substring(end));
        System.out.println("rewrote the benchmark section of " + readme);
    }

    /** The repositories after the local one, comma-separated; a property Maven left unresolved is dropped. */
    private static String tail(String repositories) {
        return String.join(",", java.util.Arrays.stream(repositories.split(",")).map(String::strip)
                .filter(r -> !r.isEmpty() && !r.contains("${")).toList());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--")) {
                options.put(arg.substring(2), "true");
            }
        }
        return options;
    }
}
