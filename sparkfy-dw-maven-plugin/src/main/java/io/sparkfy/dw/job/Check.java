package io.sparkfy.dw.job;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckCatalog;
import io.sparkfy.dw.check.CheckReport;
import io.sparkfy.dw.check.CheckResult;
import io.sparkfy.dw.check.CheckResultsFile;
import io.sparkfy.dw.check.CheckRunner;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.check.CheckStatus;
import io.sparkfy.dw.check.DataCheck;
import io.sparkfy.dw.settings.PropertyNames;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The data tests: the shipped checks of sparkfy-dw-sql and the project's own, each a query for the rows that break
 * a rule, run in one read-only transaction (a new one, still read-only, after a query that fails). Changes
 * nothing in the warehouse; writes the JUnit XML and the results file into the build's reports folder, then fails
 * the goal when an error check found rows (unless {@code failOnError} is off). Warnings never fail it.
 */
final class Check implements Job<CheckReport> {

    private final WarehouseSchema schema;
    private final CheckSettings settings;
    private final List<DataCheck> shipped;
    private final List<DataCheck> project;
    private final List<DataCheck> checks;

    Check(WarehouseSchema schema, CheckSettings settings) {
        this.schema = schema;
        this.settings = settings;
        // Read and parsed first, so that a bad header fails a dry run too, before anything connects.
        this.shipped = CheckCatalog.shipped(schema.sql(), schema.warehouse().dialect());
        this.project = CheckCatalog.project(settings.checksDirectory());
        this.checks = CheckCatalog.all(shipped, project, settings.selected());
    }

    @Override
    public String goal() {
        return "check";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<CheckReport> plan() {
        List<String> statements = new ArrayList<>();
        for (DataCheck check : checks) {
            statements.add("-- " + check.name() + " (" + check.kind() + "): " + check.description() + "\n"
                    + check.sql());
        }
        return Plan.readOnly(goal(), statements, CheckReport.dryRun(schema.warehouse().description()));
    }

    @Override
    public CheckReport run(TransactionRunner transactions) {
        long started = System.nanoTime();
        Instant at = settings.clock().instant();
        long own = checks.stream().filter(check -> !check.shipped()).count();
        schema.log().info(String.format("check: %d check%s (%d of sparkfy-dw-sql %s, %d of the project%s) on %s,"
                        + " read-only", checks.size(), checks.size() == 1 ? "" : "s", checks.size() - own,
                schema.sql().schemaVersion(), own, settings.checksDirectory() == null ? ""
                        : " in " + settings.checksDirectory(), schema.warehouse().description()));
        List<CheckResult> results = transactions.readOnly(goal(),
                connection -> new CheckRunner(settings, schema.log()).run(connection, checks));
        CheckReport report = new CheckReport(results, at, (System.nanoTime() - started) / 1_000_000,
                schema.warehouse().description(), schema.sql().schemaVersion(), RunHistory.PLUGIN_VERSION, false);
        Path xml = settings.reportsDirectory() == null ? null : CheckResultsFile.write(report, settings.reportsDirectory());
        schema.log().info(String.format("check: %s in %.2f s%s", report.counts(), report.millis() / 1e3,
                xml == null ? "" : "; JUnit XML: " + xml));
        List<CheckResult> failures = report.failures();
        if (!failures.isEmpty()) {
            String which = failures.stream().map(f -> f.check().name() + " (" + (f.status() == CheckStatus.ERROR
                    ? "its query failed" : f.rowsText()) + ")").collect(Collectors.joining(", "));
            String message = "check: " + failures.size() + " of " + results.size() + " checks failed: " + which
                    + (xml == null ? "" : "; see " + xml);
            if (settings.failOnError()) {
                throw new SparkfyException(message);
            }
            schema.log().warn(message + "; the build goes on: " + PropertyNames.FAIL_ON_ERROR + " is false");
        }
        return report;
    }
}
