package io.sparkfy.dw.job;

import io.sparkfy.dw.Plural;
import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.schema.StagingTable;
import java.sql.Connection;
import java.sql.SQLException;
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
            List<String> warnings = emptyStaging(connection);
            List<String> lines = new ArrayList<>();
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
            for (Map.Entry<String, long[]> entry : touched.entrySet()) {
                run.wrote(entry.getKey(), entry.getValue()[0]);
                lines.add(String.format("%s: %s written, %,d in total, in %.2f s", entry.getKey(),
                        Plural.of(entry.getValue()[0], "row"), Catalog.count(connection, entry.getKey()),
                        entry.getValue()[1] / 1e9));
            }
            return new Summary(warnings, lines);
        }, summary -> {
            summary.warnings().forEach(schema.log()::warn);
            summary.lines().forEach(schema.log()::info);
        });
        return null;
    }

    /** What the run says once it has committed. */
    private record Summary(List<String> warnings, List<String> lines) {
    }

    /**
     * A warning when staging holds nothing to insert: a run over it succeeds and writes nothing, which would else
     * pass for a transform that found everything already in the star.
     */
    private List<String> emptyStaging(Connection connection) throws SQLException {
        List<String> empty = new ArrayList<>();
        List<StagingTable> staging = schema.sql().declaration().stagingTables();
        for (StagingTable table : staging) {
            if (Catalog.isEmpty(connection, table.table())) {
                empty.add(table.table());
            }
        }
        if (empty.isEmpty()) {
            return List.of();
        }
        String tables = String.join(", ", empty);
        return List.of(empty.size() == staging.size()
                ? "insert-dw: staging is empty (no rows in " + tables + "): nothing was inserted; run load-stg first"
                : "insert-dw: " + tables + " is empty: nothing came from it; fill it with load-stg first");
    }
}
