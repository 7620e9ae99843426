package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;

/**
 * One target's entry point, found through {@link java.util.ServiceLoader} (as Flyway finds its database
 * modules), so that this package never depends on the targets it picks from.
 */
public interface WarehouseProvider {

    /** Whether these settings name this target (no URL is the embedded PostgreSQL). */
    boolean accepts(WarehouseSettings settings);

    /** The settings this target takes, for the message that no target accepts a URL. */
    String example();

    /**
     * With {@code dryRun}, nothing is started or connected: the warehouse only describes and plans. {@code sources}
     * reach the files for a target whose plugin reads them itself.
     */
    Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun);
}
