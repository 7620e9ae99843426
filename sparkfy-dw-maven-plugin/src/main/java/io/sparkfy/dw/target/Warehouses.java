package io.sparkfy.dw.target;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Picks the target from the settings: the first provider that accepts them (none: the URL is not supported). */
public final class Warehouses {

    private Warehouses() {
    }

    /** Local files only (and {@code classpath:}); no S3 options. */
    public static Warehouse open(WarehouseSettings settings, Log log) {
        return open(settings, Sources.local(), log, false);
    }

    /**
     * With {@code dryRun}, nothing is started or connected: the warehouse only describes and plans. {@code sources}
     * is how the files are reached when the plugin reads them (the embedded and external PostgreSQL).
     */
    public static Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun) {
        List<WarehouseProvider> providers = providers();
        for (WarehouseProvider provider : providers) {
            if (provider.accepts(settings)) {
                return provider.open(settings, sources, log, dryRun);
            }
        }
        throw new SparkfyException("unsupported JDBC URL " + Secrets.maskUrl(settings.url()) + ": expected "
                + providers.stream().map(WarehouseProvider::example).collect(Collectors.joining(", ")));
    }

    /**
     * The targets this plugin ships, found through the plugin's own class loader (the one that holds its service
     * files, whatever the thread's context class loader is). A broken or missing entry fails here, saying so.
     */
    private static List<WarehouseProvider> providers() {
        try {
            List<WarehouseProvider> providers = ServiceLoader.load(WarehouseProvider.class,
                    WarehouseProvider.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
            if (providers.isEmpty()) {
                throw new SparkfyException("the plugin's jar lists no warehouse target (META-INF/services/"
                        + WarehouseProvider.class.getName() + " is missing): the jar is damaged, reinstall it");
            }
            return providers;
        } catch (ServiceConfigurationError e) {
            throw new SparkfyException("a warehouse target of the plugin cannot be loaded: " + e.getMessage(), e);
        }
    }
}
