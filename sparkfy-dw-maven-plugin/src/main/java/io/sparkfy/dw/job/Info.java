package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.Migrator;
import java.util.ArrayList;
import java.util.List;

/** The migrations, their state and the history, like {@code flyway info}. Reads only. */
final class Info implements Job<QueryResult> {

    private static final List<String> HEADER =
            List.of("version", "description", "script", "state", "installed on", "time", "installed by");

    private final WarehouseSchema schema;
    private final Migrator migrator;

    Info(WarehouseSchema schema) {
        this.schema = schema;
        this.migrator = schema.migrator();
    }

    @Override
    public String goal() {
        return "info";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<QueryResult> plan() {
        List<List<String>> rows = new ArrayList<>();
        schema.sql().migrations(schema.warehouse().dialect()).forEach(m -> rows.add(List.of(
                Integer.toString(m.version()), m.description(), m.script(), "(dry run: not read)", "", "", "")));
        return Plan.silent(new QueryResult(HEADER, rows, false));
    }

    @Override
    public QueryResult run(TransactionRunner transactions) {
        return transactions.readOnly(goal(), connection -> new QueryResult(HEADER, migrator.info(connection), false));
    }
}
