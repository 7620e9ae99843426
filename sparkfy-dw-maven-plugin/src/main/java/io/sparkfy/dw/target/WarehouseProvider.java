package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.settings.WarehouseSettings;

/**
 * One target's entry point, found through {@link java.util.ServiceLoader} (as Flyway finds its database
 * modules), so that this package never depends on the targets it picks from.
 */
public interface WarehouseProvider {

    /** Whether these settings name this target (no URL is the embedded PostgreSQL). */
    boolean accepts(WarehouseSettings settings);

    /** With {@code dryRun}, nothing is started or connected: the warehouse only describes and plans. */
    Warehouse open(WarehouseSettings settings, Log log, boolean dryRun);
}
