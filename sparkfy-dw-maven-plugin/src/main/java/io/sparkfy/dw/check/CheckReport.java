package io.sparkfy.dw.check;

import java.time.Instant;
import java.util.List;

/**
 * One run of the checks: every result, in the order they ran, with when, where and with which versions. A dry
 * run's report has no results and {@code dryRun} set.
 */
public record CheckReport(List<CheckResult> results, Instant started, long millis, String warehouse,
                          String sqlVersion, String pluginVersion, boolean dryRun) {

    public CheckReport {
        results = List.copyOf(results);
    }

    public static CheckReport dryRun(String warehouse) {
        return new CheckReport(List.of(), Instant.EPOCH, 0, warehouse, null, null, true);
    }

    public long count(CheckStatus status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    /** The results that fail the build (failed and errors), in order. */
    public List<CheckResult> failures() {
        return results.stream().filter(result -> result.status().fails()).toList();
    }

    /** "22 checks: 20 passed, 1 warned, 1 FAILED, 0 errors". */
    public String counts() {
        return String.format("%d check%s: %d passed, %d warned, %d FAILED, %d error%s", results.size(),
                results.size() == 1 ? "" : "s", count(CheckStatus.PASSED), count(CheckStatus.WARNED),
                count(CheckStatus.FAILED), count(CheckStatus.ERROR), count(CheckStatus.ERROR) == 1 ? "" : "s");
    }
}
