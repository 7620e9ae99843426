package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the star-schema transforms; running them again on the same staging content changes nothing. */
final class InsertDw implements Job<Void> {

    private final WarehouseSchema schema;
    private final Migrator migrator;

    InsertDw(WarehouseSchema schema) {
        this.schema = schema;
        this.migrator = schema.migrator();
    }

    @Override
    public String goal() {
        return "insert-dw";
    }

    @Override
    public boolean changesWarehouse() {
        return true;
    }

    @Override
    public Plan<Void> plan() {
        return Plan.transaction(goal(), WarehouseSchema.texts(schema.script("insert_dw")), null);
    }

    @Override
    public Void run(TransactionRunner transactions) {
        RunHistory.Run run = schema.runs().start(goal());
        transactions.commit(run, connection -> {
            migrator.check(connection);
            Map<String, long[]> touched = new LinkedHashMap<>(); // table -> {rows written, nanos}
            List<String> star = schema.sql().declaration().starTables();
            for (SqlStatement statement : schema.script("insert_dw")) {
                long started = System.nanoTime();
                int rows = Statements.execute(connection, statement);
                if (statement.targetTable() == null || !star.contains(statement.targetTable())) {
                    continue; // a setting (SET LOCAL) or the transaction's own temporary tables: nothing to report
                }
                long[] sums = touched.computeIfAbsent(statement.targetTable(), t -> new long[2]);
                sums[0] += statement.verb().equals("DELETE") ? 0 : rows;
                sums[1] += System.nanoTime() - started;
            }
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, long[]> entry : touched.entrySet()) {
                run.wrote(entry.getKey(), entry.getValue()[0]);
                lines.add(String.format("%s: %,d rows written, %,d in total, in %.2f s", entry.getKey(),
                        entry.getValue()[0], Catalog.count(connection, entry.getKey()), entry.getValue()[1] / 1e9));
            }
            return lines;
        }, lines -> lines.forEach(schema.log()::info));
        return null;
    }
}
