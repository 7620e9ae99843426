package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

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
            Map<String, Written> touched = new LinkedHashMap<>();
            List<String> star = schema.sql().declaration().starTables();
            for (SqlStatement statement : schema.script("insert_dw")) {
                long started = System.nanoTime();
                LongSupplier rows = Statements.execute(connection, statement);
                if (statement.targetTable() == null || !star.contains(statement.targetTable())) {
                    continue; // a setting (SET LOCAL) or the transaction's own temporary tables: nothing to report
                }
                Written written = touched.computeIfAbsent(statement.targetTable(), t -> new Written());
                if (!statement.verb().equals("DELETE")) {
                    written.rows.add(rows);
                }
                written.nanos += System.nanoTime() - started;
            }
            touched.forEach((table, written) -> run.wrote(table, written::rows));
            return touched;
        }, touched -> {
            // After the commit: every transport knows the rows by now; the totals are read back in a read-only
            // transaction (a batch cannot read what it has not committed yet).
            Map<String, Long> totals = transactions.readOnly("insert-dw is done, but the star's rows cannot be"
                    + " counted", connection -> {
                Map<String, Long> counts = new LinkedHashMap<>();
                for (String table : touched.keySet()) {
                    counts.put(table, Catalog.count(connection, table));
                }
                return counts;
            });
            touched.forEach((table, written) -> schema.log().info(String.format(
                    "%s: %,d rows written, %,d in total, in %.2f s", table, written.rows(), totals.get(table),
                    written.nanos / 1e9)));
        });
        return null;
    }

    /** One star table's statements: the rows each wrote (known at the latest once committed), and their time. */
    private static final class Written {
        final List<LongSupplier> rows = new ArrayList<>();
        long nanos;

        long rows() {
            return rows.stream().mapToLong(LongSupplier::getAsLong).sum();
        }
    }
}
