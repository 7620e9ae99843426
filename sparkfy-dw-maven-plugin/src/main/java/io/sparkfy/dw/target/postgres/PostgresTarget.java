package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Secrets;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseProvider;

/** PostgreSQL: the embedded server when no URL is set, or an external one at a {@code jdbc:postgresql:} URL. */
public final class PostgresTarget implements WarehouseProvider {

    @Override
    public boolean accepts(WarehouseSettings settings) {
        return settings.isEmbedded() || settings.url().startsWith("jdbc:postgresql:");
    }

    @Override
    public String example() {
        return "jdbc:postgresql://host[:port]/database, or no URL for the embedded warehouse";
    }

    @Override
    public Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun) {
        if (settings.isEmbedded()) {
            String description = "the embedded PostgreSQL (" + settings.embeddedDataDirectory() + ")";
            String url = dryRun ? null : EmbeddedPostgresServer.jdbcUrl(settings.embeddedDataDirectory(),
                    settings.embeddedPort(), log);
            return new PostgresWarehouse(url, null, null, description, sources, settings.embeddedDataDirectory(),
                    settings.embeddedPort());
        }
        return new PostgresWarehouse(settings.url(), settings.user(), settings.password(),
                "PostgreSQL at " + Secrets.maskUrl(settings.url()), sources, null, 0);
    }
}
