package io.sparkfy.dw.bench;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Daily runs as a team runs them: one folder that gains a day at a time (the generator's log file of that day, and a
 * thirtieth of the song files, in their folders), and each day a load-stg of what is new, then insert-dw. Every
 * batch's cost is printed against the history it is added to: a day should cost a day, whatever came before.
 */
final class DailyBatches {

    /** insert-dw's per-table summary line: "songplays: 1,234 rows written, 5,678 in total, in 0.12 s". */
    private static final Pattern STEP = Pattern.compile("INFO (\\w+): [\\d,]+ rows written, [\\d,]+ in total, in ([\\d.]+) s");

    record Day(int day, long history, long events, long songFiles, double loadStg, double insertDw, String steps) {
    }

    private DailyBatches() {
    }

    /**
     * Loads the data's days one by one into a fresh warehouse; {@code fullBuild}: seconds of insert-dw into an empty
     * star from all of the data, the yardstick of a batch's insert-dw.
     */
    static String run(Path work, Path data, Function<Path, List<StagingSource>> sources, double fullBuild)
            throws Exception {
        List<Path> days = files(data.resolve("log_data"));
        List<Path> songs = files(data.resolve("song_data"));
        Path daily = work.resolve("daily");
        Benchmark.deleteTree(daily);
        Files.createDirectories(daily.resolve("log_data"));
        Files.createDirectories(daily.resolve("song_data"));
        List<Day> rows = new ArrayList<>();
        StepLog log = new StepLog();
        Benchmark.resetPeaks();
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(work.resolve("pgdata-daily"), Log.silent())) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
            pipeline.createTables(true);
            for (int d = 0; d < days.size(); d++) {
                copy(data.resolve("log_data"), days.get(d), daily.resolve("log_data"));
                long songFiles = 0;
                for (int s = d; s < songs.size(); s += days.size()) { // song group d rides along with day d
                    copy(data.resolve("song_data"), songs.get(s), daily.resolve("song_data"));
                    songFiles++;
                }
                long history = dw.count("songplays");
                List<LoadStats> stats = new ArrayList<>();
                double load = Benchmark.time(() -> stats.addAll(pipeline.loadStaging(sources.apply(daily))));
                log.clear();
                double insert = Benchmark.time(pipeline::insertDw);
                long events = stats.isEmpty() ? 0 : stats.get(0).rows();
                rows.add(new Day(d + 1, history, events, songFiles, load, insert, log.steps()));
                System.out.printf(Locale.ROOT, "day %d: history %,d songplays, %,d events, load-stg %.2f s,"
                        + " insert-dw %.2f s (%s)%n", d + 1, history, events, load, insert, log.steps());
            }
        }
        return report(rows, fullBuild, Benchmark.peakHeap());
    }

    private static String report(List<Day> rows, double fullBuild, long peakHeap) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "### %d daily batches, appended one by one%n%n"
                + "Each day the folder gains that day's log file and a %s of the song files; load-stg loads what is new,"
                + " then insert-dw merges it into the star.%n%n"
                + "| day | history (songplays before) | events | song files | load-stg s | insert-dw s |"
                + " slowest insert-dw steps |%n|---:|---:|---:|---:|---:|---:|---|%n", rows.size(),
                rows.size() == 30 ? "thirtieth" : "1/" + rows.size()));
        for (Day day : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %.2f | %.2f | %s |%n", day.day(),
                    day.history(), day.events(), day.songFiles(), day.loadStg(), day.insertDw(), day.steps()));
        }
        Day first = rows.get(0);
        Day last = rows.get(rows.size() - 1);
        double maxInsert = rows.stream().mapToDouble(Day::insertDw).max().orElse(0);
        int n = Math.min(5, rows.size());
        out.append(String.format(Locale.ROOT, "%n| ratio | value | target |%n|---|---:|---:|%n"
                        + "| load-stg, day %d / day 1 | %.2f | <= 1.30 |%n"
                        + "| insert-dw, day %d / day 1 | %.2f | <= 1.30 |%n"
                        + "| load-stg, last %d days / first %d (mean) | %.2f | |%n"
                        + "| insert-dw, last %d days / first %d (mean) | %.2f | |%n"
                        + "| insert-dw of day %d / the full build (%.2f s) | %.2f | <= 0.10 |%n"
                        + "| slowest batch insert-dw / the full build | %.2f | <= 0.10 |%n",
                last.day(), last.loadStg() / first.loadStg(), last.day(), last.insertDw() / first.insertDw(),
                n, n, mean(rows.subList(rows.size() - n, rows.size()), Day::loadStg) / mean(rows.subList(0, n), Day::loadStg),
                n, n, mean(rows.subList(rows.size() - n, rows.size()), Day::insertDw)
                        / mean(rows.subList(0, n), Day::insertDw),
                last.day(), fullBuild, last.insertDw() / fullBuild, maxInsert / fullBuild));
        out.append(String.format(Locale.ROOT, "%nDaily runs, loading JVM: max heap %d MB, peak heap used %d MB.%n",
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20));
        return out.toString();
    }

    private static double mean(List<Day> days, java.util.function.ToDoubleFunction<Day> value) {
        return days.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    /** Copies one file to the same relative place under {@code to}. */
    private static void copy(Path from, Path file, Path to) throws IOException {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Keeps insert-dw's per-table lines, to name where a batch's time goes. */
    private static final class StepLog implements Log {

        private final List<String> steps = new ArrayList<>();

        void clear() {
            steps.clear();
        }

        /** The three slowest tables of the last insert-dw, "songplays 0.12, time 0.05, ...". */
        String steps() {
            List<String[]> parsed = new ArrayList<>();
            for (String line : steps) {
                Matcher m = STEP.matcher("INFO " + line);
                if (m.find()) {
                    parsed.add(new String[] {m.group(1), m.group(2)});
                }
            }
            parsed.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
            return String.join(", ", parsed.stream().limit(3).map(p -> p[0] + " " + p[1]).toList());
        }

        @Override
        public void info(String message) {
            steps.add(message);
        }

        @Override
        public void warn(String message) {
            steps.add(message);
        }

        @Override
        public void debug(String message) {
        }
    }
}
