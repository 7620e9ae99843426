package io.sparkfy.dw.job;

import io.sparkfy.dw.schema.Catalog;
import io.sparkfy.dw.schema.Migrator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deploys the schema: applies the migrations the warehouse does not have yet, each in its own transaction; with
 * {@code recreate}, drops everything first (what the old create_tables.py did).
 */
final class CreateTables implements Job<Void> {

    private final WarehouseSchema schema;
    private final boolean recreate;
    private final Migrator migrator;

    CreateTables(WarehouseSchema schema, boolean recreate) {
        this.schema = schema;
        this.recreate = recreate;
        this.migrator = schema.migrator();
    }

    @Override
    public String goal() {
        return "create-tables";
    }

    @Override
    public boolean changesWarehouse() {
        return true;
    }

    @Override
    public Plan<Void> plan() {
        List<String> statements = new ArrayList<>();
        if (recreate) {
            statements.addAll(WarehouseSchema.texts(schema.script("drop_tables")));
        }
        schema.sql().migrations(schema.warehouse().dialect())
                .forEach(m -> statements.addAll(WarehouseSchema.texts(m.statements())));
        return Plan.transaction("create-tables (every migration; a real run applies only the pending ones)",
                statements, null);
    }

    @Override
    public Void run(TransactionRunner transactions) {
        long started = System.nanoTime();
        // Each migration commits on its own: the run is recorded after the last, when the history table exists.
        RunHistory.Run run = schema.runs().start(goal());
        Map<String, Boolean> existed;
        try {
            existed = transactions.commit(goal(), connection -> {
                Map<String, Boolean> tables = new LinkedHashMap<>();
                for (String table : schema.tables()) {
                    tables.put(table, !recreate && Catalog.exists(connection, table));
                }
                if (recreate) {
                    Statements.run(connection, schema.script("drop_tables"));
                }
                return tables;
            });
            migrator.migrate(schema.warehouse()::connect, System.getProperty("user.name"));
        } catch (RuntimeException e) {
            RuntimeException failure = Interruption.told(goal(), e); // the migrations before it stay
            transactions.failed(run, failure);
            throw failure;
        }
        transactions.succeeded(run);
        existed.forEach((table, was) -> schema.log().info(table + ": "
                + (was ? "exists" : recreate ? "recreated (empty)" : "created")));
        transactions.done(goal(), started);
        return null;
    }
}
