package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every cluster goal reads: which cluster, where, how to reach AWS. The settings come from the POM or the
 * command line, then the seed's dwh.cfg [DWH] and [AWS], then defaults; a goal that needs more declares it (see
 * {@link AbstractClusterChangeMojo}, {@link ClusterCreateMojo}). Credentials come from the SDK's default chain;
 * access keys in dwh.cfg are used only when asked for.
 */
public abstract class AbstractClusterMojo extends AbstractSparkfyMojo {

    /**
     * Required: the cluster's identifier, here or as DWH_CLUSTER_IDENTIFIER in dwh.cfg ({@link #configFile}).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_IDENTIFIER)
    protected String clusterIdentifier;

    /**
     * AWS region of the cluster (of the Redshift calls); unset: the SDK's default region chain. Not
     * {@code sparkfy.region}, which is the load goals' source region.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_REGION)
    protected String clusterRegion;

    /**
     * Endpoint override for the Redshift and IAM APIs (tests, private endpoints).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.AWS_ENDPOINT)
    protected String awsEndpoint;

    /**
     * Use the [AWS] KEY and SECRET of dwh.cfg; off by default, since the SDK's default credential chain
     * (environment, profile, SSO, instance role) keeps keys out of files.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.USE_CONFIG_FILE_KEYS, defaultValue = "false")
    protected boolean useConfigFileKeys;

    /**
     * The seed's dwh.cfg: its [DWH] and [AWS] sections hold the cluster's settings, below the POM and the command
     * line. A relative path is taken from the project's folder.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIG_FILE)
    protected File configFile;

    @Override
    protected final void run(Log log) {
        ClusterSettings cluster = clusterSettings(log);
        checkParameters(cluster);
        try (ClusterManager manager = new ClusterManager(cluster, log)) {
            run(manager, log);
        }
    }

    protected abstract void run(ClusterManager manager, Log log);

    /** Fails on bad parameters before any AWS call. */
    protected void checkParameters(ClusterSettings cluster) {
    }

    /** The POM layer: this goal's parameter values by property name; subclasses add their own. */
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.CLUSTER_IDENTIFIER, clusterIdentifier);
        pom.put(PropertyNames.CLUSTER_REGION, clusterRegion);
        pom.put(PropertyNames.AWS_ENDPOINT, awsEndpoint);
        return pom;
    }

    /** The settings.xml server holding the master user's login; only cluster-create has one. */
    protected String masterServerId() {
        return null;
    }

    ClusterSettings clusterSettings(Log log) {
        SettingsLayers layers = layers(pomSettings(), masterServerId(), PropertyNames.CLUSTER_SERVER_ID,
                PropertyNames.MASTER_USER, PropertyNames.MASTER_PASSWORD, configFile, DwhConfig::clusterSettings);
        String accessKey = null;
        String secretKey = null;
        if (layers.text(PropertyNames.AWS_KEY) != null || layers.text(PropertyNames.AWS_SECRET) != null) {
            if (flag(PropertyNames.USE_CONFIG_FILE_KEYS, useConfigFileKeys)) {
                accessKey = layers.text(PropertyNames.AWS_KEY);
                secretKey = layers.text(PropertyNames.AWS_SECRET);
            } else {
                log.info("dwh.cfg [AWS] KEY/SECRET are not used: credentials come from the SDK's default chain"
                        + " (set sparkfy.useConfigFileKeys=true to use them)");
            }
        }
        // Settings a goal has no parameter for still come from the command line, dwh.cfg or the defaults.
        return ClusterSettings.builder()
                .clusterIdentifier(required(layers.text(PropertyNames.CLUSTER_IDENTIFIER),
                        PropertyNames.CLUSTER_IDENTIFIER,
                        "the cluster's identifier (or DWH_CLUSTER_IDENTIFIER in dwh.cfg)"))
                .clusterType(layers.text(PropertyNames.CLUSTER_TYPE, ClusterSettings.MULTI_NODE))
                .numberOfNodes(layers.integer(PropertyNames.NUMBER_OF_NODES, 1, 128, 4))
                .nodeType(layers.text(PropertyNames.NODE_TYPE, "ra3.xlplus"))
                .dbName(layers.text(PropertyNames.DB_NAME, "dwh"))
                .masterUser(layers.text(PropertyNames.MASTER_USER, "dwhuser"))
                .masterPassword(layers.text(PropertyNames.MASTER_PASSWORD))
                .port(layers.integer(PropertyNames.PORT, 1150, 65535, 5439))
                .iamRoleName(layers.text(PropertyNames.IAM_ROLE_NAME, "sparkfyRedshiftS3Read"))
                .region(awsRegion(layers, log))
                .endpoint(uri(layers.text(PropertyNames.AWS_ENDPOINT), PropertyNames.AWS_ENDPOINT))
                .vpcSecurityGroupId(layers.text(PropertyNames.VPC_SECURITY_GROUP_ID))
                .publiclyAccessible(layers.bool(PropertyNames.PUBLICLY_ACCESSIBLE))
                .keys(accessKey, secretKey)
                .pollInterval(layers.duration(PropertyNames.POLL_SECONDS, ChronoUnit.SECONDS, 1,
                        ClusterSettings.DEFAULT_POLL_INTERVAL))
                .timeout(layers.duration(PropertyNames.CLUSTER_TIMEOUT_MINUTES, ChronoUnit.MINUTES, 1,
                        ClusterSettings.DEFAULT_TIMEOUT))
                .build();
    }
}
