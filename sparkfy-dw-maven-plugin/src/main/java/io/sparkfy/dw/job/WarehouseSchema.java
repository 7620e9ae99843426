package io.sparkfy.dw.job;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.schema.Migrator;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.schema.SqlStatement;
import io.sparkfy.dw.target.Warehouse;
import java.util.ArrayList;
import java.util.List;

/** A warehouse with the SQL this sparkfy-dw-sql holds for its dialect: what every job works from. */
record WarehouseSchema(Warehouse warehouse, SqlResources sql, Log log) {

    List<SqlStatement> script(String name) {
        return sql.script(warehouse.dialect(), name);
    }

    Migrator migrator() {
        return new Migrator(sql.migrations(warehouse.dialect()), sql.schemaVersion(), log);
    }

    /** The run history, recording the versions this sparkfy-dw-sql deploys. */
    RunHistory runs() {
        return new RunHistory(sql.schemaVersion(), migrator().latest(), log);
    }

    /** Every table of the schema, staging first. */
    List<String> tables() {
        return sql.declaration().tables();
    }

    static List<String> texts(List<SqlStatement> statements) {
        return statements.stream().map(SqlStatement::sql).toList();
    }
}
