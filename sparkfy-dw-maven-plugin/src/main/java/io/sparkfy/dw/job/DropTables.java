package io.sparkfy.dw.job;

import io.sparkfy.dw.Plural;
import io.sparkfy.dw.schema.Catalog;
import java.util.ArrayList;
import java.util.List;

/** Drops every table of the schema; logs each with the rows it held. */
final class DropTables implements Job<Void> {

    private final WarehouseSchema schema;

    DropTables(WarehouseSchema schema) {
        this.schema = schema;
    }

    @Override
    public String goal() {
        return "drop-tables";
    }

    @Override
    public boolean changesWarehouse() {
        return true;
    }

    @Override
    public Plan<Void> plan() {
        return Plan.transaction(goal(), WarehouseSchema.texts(schema.script("drop_tables")), null);
    }

    @Override
    public Void run(TransactionRunner transactions) {
        transactions.commit(goal(), connection -> {
            List<String> existed = new ArrayList<>();
            for (String table : schema.tables()) {
                if (Catalog.exists(connection, table)) {
                    existed.add(table + ": dropped, " + Plural.of(Catalog.count(connection, table), "row"));
                }
            }
            Statements.run(connection, schema.script("drop_tables"));
            return existed;
        }, lines -> {
            lines.forEach(schema.log()::info);
            if (lines.isEmpty()) {
                schema.log().info("no sparkfy-dw tables to drop");
            }
        });
        return null;
    }
}
