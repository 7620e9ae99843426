package io.sparkfy.dw.job;

import io.sparkfy.dw.SparkfyException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/** One query for an analyst, in a read-only transaction; at most {@code maxRows} rows. */
final class Query implements Job<QueryResult> {

    private final String sql;
    private final int maxRows;

    Query(String sql, int maxRows) {
        if (sql == null || sql.isBlank()) {
            throw new SparkfyException("no query given: set -Dsparkfy.sql=\"select ...\"");
        }
        this.sql = sql;
        this.maxRows = maxRows;
    }

    @Override
    public String goal() {
        return "query";
    }

    @Override
    public boolean changesWarehouse() {
        return false;
    }

    @Override
    public Plan<QueryResult> plan() {
        return Plan.transaction(goal(), List.of(sql.strip()), new QueryResult(List.of(), List.of(), false));
    }

    @Override
    public QueryResult run(TransactionRunner transactions) {
        return transactions.readOnly("the query failed", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.setMaxRows(maxRows + 1); // one more than shown tells whether there were more
                try (ResultSet rs = statement.executeQuery(sql)) {
                    return QueryResult.read(rs, maxRows);
                }
            }
        });
    }
}
