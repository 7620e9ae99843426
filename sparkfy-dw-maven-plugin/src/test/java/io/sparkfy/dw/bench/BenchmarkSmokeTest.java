package io.sparkfy.dw.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark at a tiny scale, so CI proves it still runs end to end and prints every figure. It asserts the
 * report's shape, never a time: speed is what the real run (README, "Performance") is for.
 */
class BenchmarkSmokeTest {

    @TempDir
    Path work;

    @Test
    void aTinyRunPrintsEveryTable() throws Exception {
        Path readme = work.resolve("README.md");
        Files.writeString(readme, "before\n<!-- benchmark:start -->\nold figures\n<!-- benchmark:end -->\nafter\n");
        Benchmark.main(new String[] {"--work=" + work.resolve("bench"), "--events=3000", "--songs=200",
            "--scale=1000,2000", "--s3-delay-ms=5", "--daily-days=3", "--readme=" + readme});
        String report = Files.readString(work.resolve("bench/results.md"));
        for (String expected : new String[] {"| floor-load (bare COPY of converted rows) | 3,200 |",
            "| load-stg (the plugin, from JSON) | 3,200 |", "| floor-transform (insert-dw SQL, bare) |",
            "| insert-dw (the plugin) |", "| etl (the plugin: load-stg + insert-dw) | 3,200 |",
            "| load-stg / floor-load |", "| etl / (floor-load + floor-transform) |", "Loading JVM: max heap",
            "| CPU of the load | wall s | plugin JVM CPU s | server CPU s |", "| load-stg | ",
            "| floor-load in binary COPY (what load-stg sends) | 3,200 |", "| load-stg, staging_songs alone |",
            "Each table loaded alone: staging_events", "The same song records in 1 files of up to 1,000",
            "no schedule can finish load-stg's CPU work in less than", "The first load-stg in this JVM",
            "### Scale (load-stg)", "| floor-load s | load-stg / floor-load | peak heap MB |", "| 2,000 | 2,200 |",
            "### S3 with a slow store", "Machine: ", "| insert-dw into an empty star / load-stg |",
            "| insert-dw with nothing new / insert-dw into an empty star |", "### 3 daily batches, appended one by one",
            "| 3 | ", "| insert-dw, day 3 / day 1 |", "each day's figures the fastest of its rounds", "The song catalog comes first", "The same days with a thirtieth", "| slowest batch insert-dw / the full build |"}) {
            assertTrue(report.contains(expected), "missing '" + expected + "' in:\n" + report);
        }
        String text = Files.readString(readme);
        assertTrue(text.startsWith("before\n<!-- benchmark:start -->\nMachine: ") && text.endsWith(
                "<!-- benchmark:end -->\nafter\n") && !text.contains("old figures"), text);
    }
}
