package io.sparkfy.dw.job;

import io.sparkfy.dw.report.ReportWriter;
import java.nio.file.Path;

/** Writes the analysts' report into a folder; returns its index.html. Reads only. */
final class Report implements Job<Path> {

    private final WarehouseSchema schema;
    private final Path folder;
    private final Path checkReports;

    /** {@code checkReports}: where the check goal wrote its results, shown as the last checks; null: not shown. */
    Report(WarehouseSchema schema, Path folder, Path checkReports) {
        this.schema = schema;
        this.folder = folder;
        this.checkReports = checkReports;
    }

    @Override
    public String goal() {
        return "report";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<Path> plan() {
        return Plan.note("[dry run] report: the report SQL of sparkfy-dw-sql would run, read-only",
                folder.resolve("index.html"));
    }

    @Override
    public Path run(TransactionRunner transactions) {
        return transactions.readOnly(goal(), connection -> {
            ReportWriter writer = new ReportWriter(connection, schema.sql(), schema.log());
            return (checkReports == null ? writer : writer.lastChecks(checkReports)).write(folder);
        });
    }
}
