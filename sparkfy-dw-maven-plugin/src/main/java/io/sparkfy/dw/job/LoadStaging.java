package io.sparkfy.dw.job;

import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.LoadStats;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.schema.Migrator;
import java.util.ArrayList;
import java.util.List;

/**
 * Replaces the content of the staging tables with what is new in their sources (or what the reload names), all or
 * nothing: staging and the load ledger change together or not at all.
 */
final class LoadStaging implements Job<List<LoadStats>> {

    private final WarehouseSchema schema;
    private final StagingLoader loader;
    private final List<StagingSource> sources;
    private final Migrator migrator;
    private final LoadLedger ledger;
    private final StagingState state;

    LoadStaging(WarehouseSchema schema, StagingLoader loader, List<StagingSource> sources, Reload reload) {
        this.schema = schema;
        this.loader = loader;
        this.sources = sources;
        this.migrator = schema.migrator();
        String ledgerTable = schema.sql().declaration().ledgerTable();
        this.ledger = ledgerTable == null ? LoadLedger.none() : new LoadLedger(ledgerTable, reload);
        this.state = new StagingState(schema.sql().declaration().stagingStateTable());
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
        sources.forEach(source -> statements.addAll(loader.plan(source, ledger)));
        return Plan.transaction(goal(), statements, List.of());
    }

    @Override
    public List<LoadStats> run(TransactionRunner transactions) {
        RunHistory.Run run = schema.runs().start(goal());
        // The summaries as of the commit: a target that learns its COPY's rows only then fills them in.
        List<LoadStats> loaded = transactions.commit(run, connection -> {
            migrator.check(connection);
            List<LoadStats> stats = loader.load(connection, sources, ledger, schema.log());
            state.loaded(connection, stats, ledger.runId());
            run.loaded(() -> loader.committed(stats));
            return stats;
        }, stats -> {
            List<LoadStats> counted = loader.committed(stats);
            counted.forEach(s -> schema.log().info(s.summary()));
            schema.log().info(LoadStats.total(counted));
        });
        return loader.committed(loaded);
    }
}
