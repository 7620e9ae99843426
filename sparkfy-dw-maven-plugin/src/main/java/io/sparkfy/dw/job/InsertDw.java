package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.schema.StagingTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the star-schema transforms; running them again on the same staging content changes nothing. The steps of a
 * staging table that holds what an earlier run merged are left out ({@link StagingState}, {@link BatchSteps}): with
 * nothing new at all, no step runs and no star table is read.
 */
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
        StagingState state = new StagingState(schema.sql().declaration().stagingStateTable());
        List<String> staging = schema.sql().declaration().stagingTables().stream().map(StagingTable::table).toList();
        transactions.commit(run, connection -> {
            migrator.check(connection);
            Map<String, StagingState.Merged> merged = state.merged(connection, staging);
            List<String> lines = new ArrayList<>();
            merged.values().forEach(m -> lines.add(m.describe() + ": its steps are left out"));
            if (merged.keySet().containsAll(staging)) {
                lines.add("nothing new in staging since the last insert-dw: the star is left as it is");
                return lines;
            }
            List<SqlStatement> script = schema.script("insert_dw");
            List<SqlStatement> steps = BatchSteps.toRun(script, staging, merged.keySet());
            Map<String, long[]> touched = new LinkedHashMap<>(); // table -> {rows written, nanos}
            List<String> star = schema.sql().declaration().starTables();
            // A table's total is counted only when the run builds it from empty (seen before its first write): a
            // count of a table holding the history would cost a daily run more every day.
            Set<String> built = new HashSet<>();
            for (SqlStatement statement : steps) {
                String target = statement.targetTable();
                if (target != null && star.contains(target) && !touched.containsKey(target)
                        && Catalog.isEmpty(connection, target)) {
                    built.add(target);
                }
                long started = System.nanoTime();
                int rows = Statements.execute(connection, statement);
                if (statement.targetTable() == null || !star.contains(statement.targetTable())) {
                    continue; // a setting (SET LOCAL) or the transaction's own temporary tables: nothing to report
                }
                long[] sums = touched.computeIfAbsent(statement.targetTable(), t -> new long[2]);
                sums[0] += statement.verb().equals("DELETE") ? 0 : rows;
                sums[1] += System.nanoTime() - started;
            }
            state.mergedBy(connection, run.id());
            for (Map.Entry<String, long[]> entry : touched.entrySet()) {
                run.wrote(entry.getKey(), entry.getValue()[0]);
                lines.add(String.format("%s: %,d rows written%s, in %.2f s", entry.getKey(), entry.getValue()[0],
                        built.contains(entry.getKey()) ? String.format(", %,d in total",
                                Catalog.count(connection, entry.getKey())) : "", entry.getValue()[1] / 1e9));
            }
            if (steps.size() < script.size()) {
                lines.add(String.format("%d of the %d statements ran", steps.size(), script.size()));
            }
            return lines;
        }, lines -> lines.forEach(schema.log()::info));
        return null;
    }
}
