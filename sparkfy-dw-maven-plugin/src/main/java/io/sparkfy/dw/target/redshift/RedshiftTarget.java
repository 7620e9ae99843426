package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseProvider;

/**
 * Amazon Redshift, at a {@code jdbc:redshift:} URL: a cluster's or a Serverless workgroup's endpoint, signing in
 * with a password, or with IAM at {@code jdbc:redshift:iam:} (temporary credentials; no password configured).
 */
public final class RedshiftTarget implements WarehouseProvider {

    @Override
    public boolean accepts(WarehouseSettings settings) {
        return !settings.isEmbedded() && settings.url().startsWith("jdbc:redshift:");
    }

    @Override
    public String example() {
        return "jdbc:redshift://cluster:5439/database (jdbc:redshift:iam://... to sign in with IAM)";
    }

    @Override
    public Warehouse open(WarehouseSettings settings, Sources sources, Log log, boolean dryRun) {
        // The cluster reads S3 itself; with a manifest prefix, the plugin lists the sources (and writes the
        // manifests) through them.
        return new RedshiftWarehouse(RedshiftLogin.of(settings), sources, settings.manifestPrefix());
    }
}
