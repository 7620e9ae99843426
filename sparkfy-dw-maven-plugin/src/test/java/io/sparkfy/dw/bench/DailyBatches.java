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
 * Daily runs as a team runs them: one folder that gains a day at a time (the generator's log file of that day), and
 * each day a load-stg of what is new, then insert-dw. Twice: with the song catalog loaded first (day 0, not counted),
 * as the "daily batches of events" have it; and with a thirtieth of the song files arriving with each day
 * (the folder's listing and the ledger then grow too, and every day's songs link earlier plays). Every batch's cost
 * is printed against the history it is added to: a day should cost a day, whatever came before.
 */
final class DailyBatches {

    /** insert-dw's per-table line: "songplays: 1,234 rows written, in 0.12 s" (with a total when built from empty). */
    private static final Pattern STEP =
            Pattern.compile("INFO (\\w+): [\\d,]+ rows written(?:, [\\d,]+ in total)?, in ([\\d.]+) s");

    record Day(int day, long history, long events, long songFiles, double loadStg, double insertDw, String steps) {
    }

    private DailyBatches() {
    }

    /**
     * Both series; {@code fullBuild}: seconds of insert-dw into an empty star from all of the data, the yardstick of
     * a batch's insert-dw.
     */
    static String run(Path work, Path data, Function<Path, List<StagingSource>> sources, double fullBuild,
                      int maxDays, int rounds) throws Exception {
        Series catalogFirst = best(work, data, sources, true, maxDays, rounds);
        Series withTheDays = best(work, data, sources, false, maxDays, rounds);
        return report(catalogFirst, withTheDays, fullBuild, rounds);
    }

    /**
     * The series run {@code rounds} times from an empty warehouse, each day's load-stg and insert-dw the fastest of
     * its rounds (a day cannot be run twice on the same state, so the whole series is): single runs of about a
     * second swing with the machine, as the cold load's do, which is measured best of 3.
     */
    private static Series best(Path work, Path data, Function<Path, List<StagingSource>> sources,
                               boolean catalogFirst, int maxDays, int rounds) throws Exception {
        Series best = series(work, data, sources, catalogFirst, maxDays);
        for (int round = 1; round < rounds; round++) {
            Series next = series(work, data, sources, catalogFirst, maxDays);
            List<Day> days = new ArrayList<>();
            for (int d = 0; d < best.days().size(); d++) {
                days.add(faster(best.days().get(d), next.days().get(d)));
            }
            best = new Series(days, best.catalog() == null ? null : faster(best.catalog(), next.catalog()),
                    Math.max(best.peakHeap(), next.peakHeap()), best.groups());
        }
        return best;
    }

    /** The same day of two rounds: the faster load-stg, and the faster insert-dw with its steps. */
    private static Day faster(Day a, Day b) {
        Day insert = a.insertDw() <= b.insertDw() ? a : b;
        return new Day(a.day(), a.history(), a.events(), a.songFiles(), Math.min(a.loadStg(), b.loadStg()),
                insert.insertDw(), insert.steps());
    }

    /** The days and what day 0 (the song catalog alone, when it comes first) cost, and the series' peak heap. */
    private record Series(List<Day> days, Day catalog, long peakHeap, int groups) {
    }

    private static Series series(Path work, Path data, Function<Path, List<StagingSource>> sources,
                                 boolean catalogFirst, int maxDays) throws Exception {
        List<Path> days = files(data.resolve("log_data"));
        int groups = days.size(); // a song group per log file, whatever the number of days loaded
        if (maxDays > 0 && maxDays < days.size()) {
            days = days.subList(0, maxDays); // the song groups are still a thirtieth each: only fewer days come
        }
        List<Path> songs = files(data.resolve("song_data"));
        Path daily = work.resolve("daily");
        Benchmark.deleteTree(daily);
        Files.createDirectories(daily.resolve("log_data"));
        Files.createDirectories(daily.resolve("song_data"));
        List<Day> rows = new ArrayList<>();
        Day catalog = null;
        StepLog log = new StepLog();
        Benchmark.resetPeaks();
        try (EmbeddedWarehouse dw = new EmbeddedWarehouse(work.resolve("pgdata-daily"), Log.silent())) {
            Pipeline pipeline = new Pipeline(dw.warehouse, new SqlResources(), log);
            pipeline.createTables(true);
            if (catalogFirst) {
                for (Path song : songs) {
                    copy(data.resolve("song_data"), song, daily.resolve("song_data"));
                }
                List<StagingSource> songsOnly = sources.apply(daily).subList(1, 2);
                double load = Benchmark.time(() -> pipeline.loadStaging(songsOnly));
                log.clear();
                double insert = Benchmark.time(pipeline::insertDw);
                catalog = new Day(0, 0, 0, songs.size(), load, insert, log.steps());
            }
            for (int d = 0; d < days.size(); d++) {
                copy(data.resolve("log_data"), days.get(d), daily.resolve("log_data"));
                long songFiles = 0;
                for (int s = d; !catalogFirst && s < songs.size(); s += groups) { // group d rides with day d
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
                System.out.printf(Locale.ROOT, "%s day %d: history %,d songplays, %,d events, %,d song files,"
                                + " load-stg %.2f s, insert-dw %.2f s (%s)%n", catalogFirst ? "catalog first," : "songs daily,",
                        d + 1, history, events, songFiles, load, insert, log.steps());
            }
        }
        return new Series(rows, catalog, Benchmark.peakHeap(), groups);
    }

    private static String report(Series catalogFirst, Series withTheDays, double fullBuild, int rounds) {
        List<Day> rows = catalogFirst.days();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "### %d daily batches, appended one by one%n%n"
                + "One folder gains a day's log file at a time; each day load-stg loads what is new, then insert-dw"
                + " merges it" + (rounds > 1 ? " (each series run " + rounds + " times from an empty warehouse, each"
                + " day's figures the fastest of its rounds)" : "") + ". The song catalog comes first (%,d files: load-stg %.2f s, insert-dw %.2f s, not counted"
                + " below), so a day brings events only and insert-dw leaves the songs' steps out.%n%n"
                + "| day | history (songplays before) | events | load-stg s | insert-dw s | slowest insert-dw steps |%n"
                + "|---:|---:|---:|---:|---:|---|%n", rows.size(), catalogFirst.catalog().songFiles(),
                catalogFirst.catalog().loadStg(), catalogFirst.catalog().insertDw()));
        for (Day day : rows) {
            out.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %.2f | %.2f | %s |%n", day.day(),
                    day.history(), day.events(), day.loadStg(), day.insertDw(), day.steps()));
        }
        out.append(ratios(rows, fullBuild));
        List<Day> songs = withTheDays.days();
        out.append(String.format(Locale.ROOT, "%nThe same days with a %s of the song files arriving with each"
                + " (the folder's listing and the ledger grow with the days, and each day's songs link earlier"
                + " plays):%n%n| day | history (songplays before) | events | song files | load-stg s | insert-dw s |"
                + " slowest insert-dw steps |%n|---:|---:|---:|---:|---:|---:|---|%n",
                withTheDays.groups() == 30 ? "thirtieth" : "1/" + withTheDays.groups()));
        for (Day day : songs) {
            if (day.day() == 1 || day.day() % 5 == 0 || day.day() == songs.size()) {
                out.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %,d | %.2f | %.2f | %s |%n", day.day(),
                        day.history(), day.events(), day.songFiles(), day.loadStg(), day.insertDw(), day.steps()));
            }
        }
        out.append(ratios(songs, fullBuild));
        out.append(String.format(Locale.ROOT, "%nDaily runs, loading JVM: max heap %d MB, peak heap used %d MB.%n",
                Runtime.getRuntime().maxMemory() >> 20,
                Math.max(catalogFirst.peakHeap(), withTheDays.peakHeap()) >> 20));
        return out.toString();
    }

    private static String ratios(List<Day> rows, double fullBuild) {
        Day first = rows.get(0);
        Day last = rows.get(rows.size() - 1);
        double maxInsert = rows.stream().mapToDouble(Day::insertDw).max().orElse(0);
        int n = Math.min(5, rows.size());
        List<Day> head = rows.subList(0, n);
        List<Day> tail = rows.subList(rows.size() - n, rows.size());
        return String.format(Locale.ROOT, "%n| ratio | value | target |%n|---|---:|---:|%n"
                        + "| load-stg, day %d / day 1 | %.2f | <= 1.30 |%n"
                        + "| insert-dw, day %d / day 1 | %.2f | <= 1.30 |%n"
                        + "| load-stg, last %d days / first %d (mean) | %.2f | |%n"
                        + "| insert-dw, last %d days / first %d (mean) | %.2f | |%n"
                        + "| insert-dw of day %d / the full build (%.2f s) | %.3f | <= 0.10 |%n"
                        + "| slowest batch insert-dw / the full build | %.3f | <= 0.10 |%n",
                last.day(), last.loadStg() / first.loadStg(), last.day(), last.insertDw() / first.insertDw(),
                n, n, mean(tail, Day::loadStg) / mean(head, Day::loadStg),
                n, n, mean(tail, Day::insertDw) / mean(head, Day::insertDw),
                last.day(), fullBuild, last.insertDw() / fullBuild, maxInsert / fullBuild);
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
