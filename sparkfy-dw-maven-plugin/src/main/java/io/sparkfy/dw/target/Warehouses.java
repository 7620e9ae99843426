package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Picks the target from the settings: the first provider that accepts them (none: the URL is not supported). */
public final class Warehouses {

    /** Loaded once, with the plugin's own class loader (a Maven plugin realm is not the context class loader). */
    private static final List<WarehouseProvider> PROVIDERS = ServiceLoader.load(WarehouseProvider.class,
            WarehouseProvider.class.getClassLoader()).stream().map(ServiceLoader.Provider::get)
            .collect(Collectors.toUnmodifiableList());

    private Warehouses() {
    }

    /** Local files only (and {@code classpath:}); no S3 options. */
    public static Warehouse open(WarehouseSettings settings, Log log) {
        return open(settings, Sources.local(), log, false);
    }

    public static Warehouse open(WarehouseSettings settings, Log log, boolean dryRun) {
        return open(settings, Sources.local(), log, dryRun);
    }

    /**
     * With {@code dryRun}, nothing is started or connected: the warehouse only describes and plans. {@code sources}
     * is how the files are reached when the plugin reads them (the embedded and external PostgreSQL).
     */
    public static Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun) {
        for (WarehouseProvider provider : PROVIDERS) {
            if (provider.accepts(settings)) {
                return provider.open(settings, sources, log, dryRun);
            }
        }
        throw new SparkfyException("unsupported JDBC URL " + Secrets.maskUrl(settings.url())
                + ": expected jdbc:redshift://cluster:5439/database, jdbc:postgresql://host[:port]/database, or no URL"
                + " for the embedded warehouse");
    }
}
