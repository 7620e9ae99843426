package io.sparkfy.dw.job;

import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Migrator;
import java.util.ArrayList;
import java.util.List;

/** Replaces the content of the staging tables with their sources, all or nothing. */
final class LoadStaging implements Job<List<LoadStats>> {

    private final WarehouseSchema schema;
    private final StagingLoader loader;
    private final List<StagingSource> sources;
    private final Migrator migrator;

    LoadStaging(WarehouseSchema schema, StagingLoader loader, List<StagingSource> sources) {
        this.schema = schema;
        this.loader = loader;
        this.sources = sources;
        this.migrator = schema.migrator();
    }

    @Override
    public String goal() {
        return "load-stg";
    }

    @Override
    public boolean changesWarehouse() {
        return true;
    }

    @Override
    public Plan<List<LoadStats>> plan() {
        List<String> statements = new ArrayList<>();
        sources.forEach(source -> statements.addAll(loader.plan(source)));
        return Plan.transaction(goal(), statements, List.of());
    }

    @Override
    public List<LoadStats> run(TransactionRunner transactions) {
        RunHistory.Run run = schema.runs().start(goal());
        return transactions.commit(run, connection -> {
            migrator.check(connection);
            List<LoadStats> stats = loader.load(connection, sources, schema.log());
            run.loaded(stats);
            return stats;
        }, stats -> {
            stats.forEach(s -> schema.log().info(s.summary()));
            schema.log().info(LoadStats.total(stats));
        });
    }
}
