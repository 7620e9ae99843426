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
 * The cluster goals' settings: the POM or command line, then the seed's dwh.cfg [DWH] and [AWS], then defaults.
 * Credentials come from the SDK's default chain; access keys in dwh.cfg are used only when asked for.
 */
public abstract class AbstractClusterMojo extends AbstractSparkfyMojo {

    /**
     * The cluster's identifier (dwh.cfg: DWH_CLUSTER_IDENTIFIER).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_IDENTIFIER)
    protected String clusterIdentifier;

    /**
     * {@code single-node} or {@code multi-node} (DWH_CLUSTER_TYPE); default multi-node.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_TYPE)
    protected String clusterType;

    /**
     * Number of nodes (DWH_NUM_NODES); default 4.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.NUMBER_OF_NODES)
    protected String numberOfNodes;

    /**
     * Node type (DWH_NODE_TYPE); default {@code ra3.xlplus}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.NODE_TYPE)
    protected String nodeType;

    /**
     * Database created with the cluster (DWH_DB); default {@code dwh}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.DB_NAME)
    protected String dbName;

    /**
     * Master user (DWH_DB_USER); with {@link #clusterServerId}, the server's username.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MASTER_USER)
    protected String masterUser;

    /**
     * A settings.xml {@code <server>} whose username and password are the master user's (preferred over
     * DWH_DB_USER / DWH_DB_PASSWORD in dwh.cfg).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_SERVER_ID)
    protected String clusterServerId;

    /**
     * Port (DWH_PORT); default 5439.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PORT)
    protected String port;

    /**
     * IAM role the cluster assumes to read S3 (DWH_IAM_ROLE_NAME); default {@code sparkfyRedshiftS3Read}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.IAM_ROLE_NAME)
    protected String iamRoleName;

    /**
     * AWS region of the cluster; unset: the SDK's default region chain.
     *
     * @since 0.2.0
     */
    @Parameter(property = PropertyNames.CLUSTER_REGION)
    protected String clusterRegion;

    /**
     * The cluster's region under its old name, which the load goals use for the source buckets' region.
     *
     * @deprecated use {@link #clusterRegion} ({@code sparkfy.clusterRegion}); still read, with a warning.
     * @since 0.1.0
     */
    @Deprecated
    @Parameter(property = PropertyNames.REGION)
    protected String region;

    /**
     * Endpoint override for the Redshift and IAM APIs (tests, private endpoints).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.AWS_ENDPOINT)
    protected String awsEndpoint;

    /**
     * VPC security group for the cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.VPC_SECURITY_GROUP_ID)
    protected String vpcSecurityGroupId;

    /**
     * Whether the cluster gets a public endpoint.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUBLICLY_ACCESSIBLE)
    protected String publiclyAccessible;

    /**
     * Use the [AWS] KEY and SECRET of dwh.cfg; off by default, since the SDK's default credential chain
     * (environment, profile, SSO, instance role) keeps keys out of files.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.USE_CONFIG_FILE_KEYS, defaultValue = "false")
    protected boolean useConfigFileKeys;

    /**
     * The seed's dwh.cfg: its [DWH] and [AWS] sections hold the cluster's settings.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIG_FILE)
    protected File configFile;

    /**
     * Seconds between status checks while waiting for the cluster; default 15.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.POLL_SECONDS)
    protected String pollSeconds;

    /**
     * Minutes to wait for the cluster to become available (or to be deleted); default 30.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_TIMEOUT_MINUTES)
    protected String clusterTimeoutMinutes;

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

    ClusterSettings clusterSettings(Log log) {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.CLUSTER_IDENTIFIER, clusterIdentifier);
        pom.put(PropertyNames.CLUSTER_TYPE, clusterType);
        pom.put(PropertyNames.NUMBER_OF_NODES, numberOfNodes);
        pom.put(PropertyNames.NODE_TYPE, nodeType);
        pom.put(PropertyNames.DB_NAME, dbName);
        pom.put(PropertyNames.MASTER_USER, masterUser);
        pom.put(PropertyNames.PORT, port);
        pom.put(PropertyNames.IAM_ROLE_NAME, iamRoleName);
        pom.put(PropertyNames.CLUSTER_REGION, clusterRegion);
        pom.put(PropertyNames.REGION, region);
        pom.put(PropertyNames.AWS_ENDPOINT, awsEndpoint);
        pom.put(PropertyNames.VPC_SECURITY_GROUP_ID, vpcSecurityGroupId);
        pom.put(PropertyNames.PUBLICLY_ACCESSIBLE, publiclyAccessible);
        pom.put(PropertyNames.POLL_SECONDS, pollSeconds);
        pom.put(PropertyNames.CLUSTER_TIMEOUT_MINUTES, clusterTimeoutMinutes);
        SettingsLayers layers = layers(pom, clusterServerId, PropertyNames.CLUSTER_SERVER_ID,
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
                .region(layers.renamed(PropertyNames.CLUSTER_REGION, PropertyNames.REGION, log))
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
