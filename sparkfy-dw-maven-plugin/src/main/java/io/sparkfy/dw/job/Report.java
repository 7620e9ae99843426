package io.sparkfy.dw.job;

import io.sparkfy.dw.report.ReportWriter;
import java.nio.file.Path;

/** Writes the analysts' report into a folder; returns its index.html. Reads only. */
final class Report implements Job<Path> {

    private final WarehouseSchema schema;
    private final Path folder;

    Report(WarehouseSchema schema, Path folder) {
        this.schema = schema;
        this.folder = folder;
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
        return transactions.readOnly(goal(), connection -> new ReportWriter(connection, schema.sql(), schema.log()).write(folder));
    }
}
