package io.sparkfy.dw.job;

import io.sparkfy.dw.SparkfyException;
import java.util.List;

/** The last runs of the goals that change the warehouse, newest first, like {@code flyway info}. Reads only. */
final class History implements Job<QueryResult> {

    private final WarehouseSchema schema;
    private final int limit;

    History(WarehouseSchema schema, int limit) {
        if (limit < 1) {
            throw new SparkfyException("sparkfy.historyLimit must be at least 1, not " + limit);
        }
        this.schema = schema;
        this.limit = limit;
    }

    @Override
    public String goal() {
        return "history";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<QueryResult> plan() {
        return Plan.note("[dry run] history: the last " + limit + " runs in " + RunHistory.RUNS + " would be read",
                new QueryResult(List.of(), List.of(), false));
    }

    @Override
    public QueryResult run(TransactionRunner transactions) {
        return transactions.readOnly(goal(), connection -> schema.runs().recent(connection, limit));
    }
}
