package io.sparkfy.dw.warehouse;

import io.sparkfy.dw.load.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.source.Sources;
import java.sql.Connection;

/**
 * One warehouse target. Everything that differs between targets (dialect, connecting, how staging tables are
 * filled) lives behind this interface, one class per target, so the pipeline never asks which target it has.
 */
public interface Warehouse extends AutoCloseable {

    /** Which folder of sparkfy-dw-sql holds this target's SQL. */
    Dialect dialect();

    /** For log lines: what and where, never a secret. */
    String description();

    /** A new connection with auto-commit off; the caller commits or rolls back. */
    Connection connect();

    /** How this target fills the staging tables: the plugin reads the sources, or the warehouse does. */
    StagingLoader stagingLoader(Sources sources);

    @Override
    void close();
}
