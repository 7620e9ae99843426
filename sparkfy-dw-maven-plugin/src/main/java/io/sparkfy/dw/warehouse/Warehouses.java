package io.sparkfy.dw.warehouse;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.config.WarehouseSettings;

/** Picks the target from the JDBC URL: none is the embedded PostgreSQL. */
public final class Warehouses {

    private Warehouses() {
    }

    public static Warehouse open(WarehouseSettings settings, Log log) {
        return open(settings, log, false);
    }

    /** With {@code dryRun}, nothing is started or connected: the warehouse only describes and plans. */
    public static Warehouse open(WarehouseSettings settings, Log log, boolean dryRun) {
        if (settings.isEmbedded()) {
            String description = "the embedded PostgreSQL (" + settings.embeddedDataDirectory() + ")";
            String url = dryRun ? null : EmbeddedPostgresServer.jdbcUrl(settings.embeddedDataDirectory(), log);
            return new PostgresWarehouse(url, null, null, description);
        }
        String url = settings.url();
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresWarehouse(url, settings.user(), settings.password(),
                    "PostgreSQL at " + Secrets.maskUrl(url));
        }
        if (url.startsWith("jdbc:redshift:")) {
            return new RedshiftWarehouse(url, settings.user(), settings.password(), settings.iamRole());
        }
        throw new SparkfyException("unsupported JDBC URL " + Secrets.maskUrl(url)
                + ": expected jdbc:redshift://cluster:5439/database, jdbc:postgresql://host[:port]/database, or no URL"
                + " for the embedded warehouse");
    }
}
