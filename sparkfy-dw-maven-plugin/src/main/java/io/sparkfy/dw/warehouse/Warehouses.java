package io.sparkfy.dw.warehouse;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.config.WarehouseSettings;

/** Picks the target from the JDBC URL: none is the embedded PostgreSQL. */
public final class Warehouses {

    private Warehouses() {
    }

    public static Warehouse open(WarehouseSettings settings, Log log) {
        if (settings.isEmbedded()) {
            String url = EmbeddedPostgresServer.jdbcUrl(settings.embeddedDataDirectory(), log);
            return new PostgresWarehouse(url, null, null,
                    "the embedded PostgreSQL (" + settings.embeddedDataDirectory() + ")");
        }
        String url = settings.url();
        if (url.startsWith("jdbc:postgresql:")) {
            return new PostgresWarehouse(url, settings.user(), settings.password(),
                    "PostgreSQL at " + Secrets.maskUrl(url));
        }
        if (url.startsWith("jdbc:redshift:")) {
            throw new SparkfyException("the Amazon Redshift target is not in this version of sparkfy-dw yet: "
                    + "use a jdbc:postgresql: URL, or none for the embedded warehouse");
        }
        throw new SparkfyException("unsupported JDBC URL " + Secrets.maskUrl(url)
                + ": expected jdbc:postgresql://host[:port]/database, or no URL for the embedded warehouse");
    }
}
