package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseProvider;
import io.sparkfy.dw.target.redshift.ManifestLoads;
import java.time.Clock;

/** Amazon Redshift through the Data API, at a {@code redshift-data://} URL (see {@link DataApiUrl}). */
public final class DataApiTarget implements WarehouseProvider {

    @Override
    public boolean accepts(WarehouseSettings settings) {
        return !settings.isEmbedded() && DataApiUrl.accepts(settings.url());
    }

    @Override
    public String example() {
        return "redshift-data://cluster/<cluster id>/<database>?secretArn=<arn> (or workgroup/<name>/<database>)";
    }

    @Override
    public Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun) {
        if (settings.password() != null) {
            throw new SparkfyException("a redshift-data:// URL signs in with a Secrets Manager secret or IAM, so no"
                    + " password is used: unset " + PropertyNames.PASSWORD + " (or the password of "
                    + PropertyNames.SERVER_ID + ")");
        }
        if (settings.iam().autoCreate() != null || !settings.iam().dbGroups().isEmpty()) {
            throw new SparkfyException(PropertyNames.AUTO_CREATE + " and " + PropertyNames.DB_GROUPS + " are for a"
                    + " jdbc:redshift:iam: URL; the Data API takes a database user only (dbUser=)");
        }
        String user = settings.iam().dbUser() != null ? settings.iam().dbUser() : settings.user();
        DataApiUrl target = DataApiUrl.parse(settings.url(), user);
        if (settings.iam().dbUser() != null && target.dbUser() == null) {
            throw new SparkfyException(PropertyNames.DB_USER + " is for IAM sign-in to a cluster; " + (target.secretArn()
                    != null ? "with secretArn the secret names its own user" : "a workgroup signs in as the IAM"
                    + " identity") + ": unset it");
        }
        DataApiWarehouse warehouse = new DataApiWarehouse(settings.url(), target, DataApiWarehouse::client,
                Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()), log);
        return settings.manifestPrefix() == null ? warehouse
                : warehouse.loadingNewObjectsThrough(new ManifestLoads(sources, settings.manifestPrefix()));
    }
}
