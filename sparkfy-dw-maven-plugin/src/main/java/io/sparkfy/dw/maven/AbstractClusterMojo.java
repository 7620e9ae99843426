package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.time.Duration;
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
    @Parameter(property = "sparkfy.clusterIdentifier")
    protected String clusterIdentifier;

    /**
     * {@code single-node} or {@code multi-node} (DWH_CLUSTER_TYPE); default multi-node.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.clusterType")
    protected String clusterType;

    /**
     * Number of nodes (DWH_NUM_NODES); default 4.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.numberOfNodes")
    protected Integer numberOfNodes;

    /**
     * Node type (DWH_NODE_TYPE); default {@code ra3.xlplus}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.nodeType")
    protected String nodeType;

    /**
     * Database created with the cluster (DWH_DB); default {@code dwh}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.dbName")
    protected String dbName;

    /**
     * Master user (DWH_DB_USER); with {@link #clusterServerId}, the server's username.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.masterUser")
    protected String masterUser;

    /**
     * A settings.xml {@code <server>} whose username and password are the master user's (preferred over
     * DWH_DB_USER / DWH_DB_PASSWORD in dwh.cfg).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.clusterServerId")
    protected String clusterServerId;

    /**
     * Port (DWH_PORT); default 5439.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.port")
    protected Integer port;

    /**
     * IAM role the cluster assumes to read S3 (DWH_IAM_ROLE_NAME); default {@code sparkfyRedshiftS3Read}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.iamRoleName")
    protected String iamRoleName;

    /**
     * AWS region of the cluster; unset: the SDK's default region chain.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.region")
    protected String region;

    /**
     * Endpoint override for the Redshift and IAM APIs (tests, private endpoints).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.awsEndpoint")
    protected String awsEndpoint;

    /**
     * VPC security group for the cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.vpcSecurityGroupId")
    protected String vpcSecurityGroupId;

    /**
     * Whether the cluster gets a public endpoint.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.publiclyAccessible")
    protected Boolean publiclyAccessible;

    /**
     * Use the [AWS] KEY and SECRET of dwh.cfg; off by default, since the SDK's default credential chain
     * (environment, profile, SSO, instance role) keeps keys out of files.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.useConfigFileKeys", defaultValue = "false")
    protected boolean useConfigFileKeys;

    /**
     * The seed's dwh.cfg: its [DWH] and [AWS] sections hold the cluster's settings.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.configFile")
    protected File configFile;

    /**
     * Seconds between status checks while waiting for the cluster.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.pollSeconds", defaultValue = "15")
    protected int pollSeconds;

    /**
     * Minutes to wait for the cluster to become available (or to be deleted).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.clusterTimeoutMinutes", defaultValue = "30")
    protected int clusterTimeoutMinutes;

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
        pom.put("clusterIdentifier", clusterIdentifier);
        pom.put("clusterType", clusterType);
        pom.put("numberOfNodes", numberOfNodes == null ? null : numberOfNodes.toString());
        pom.put("nodeType", nodeType);
        pom.put("dbName", dbName);
        pom.put("masterUser", masterUser);
        pom.put("port", port == null ? null : port.toString());
        pom.put("iamRoleName", iamRoleName);
        SettingsLayers layers = layers(pom, clusterServerId, "sparkfy.clusterServerId", "masterUser",
                "masterPassword", configFile, DwhConfig::clusterSettings);
        String accessKey = null;
        String secretKey = null;
        if (layers.get("awsKey") != null || layers.get("awsSecret") != null) {
            if (useConfigFileKeys) {
                accessKey = layers.get("awsKey");
                secretKey = layers.get("awsSecret");
            } else {
                log.info("dwh.cfg [AWS] KEY/SECRET are not used: credentials come from the SDK's default chain"
                        + " (set sparkfy.useConfigFileKeys=true to use them)");
            }
        }
        return new ClusterSettings(
                required(layers.get("clusterIdentifier"), "sparkfy.clusterIdentifier",
                        "the cluster's identifier (or DWH_CLUSTER_IDENTIFIER in dwh.cfg)"),
                layers.get("clusterType", ClusterSettings.MULTI_NODE),
                number(layers.get("numberOfNodes", "4"), "sparkfy.numberOfNodes"),
                layers.get("nodeType", "ra3.xlplus"),
                layers.get("dbName", "dwh"),
                layers.get("masterUser", "dwhuser"),
                layers.get("masterPassword"),
                number(layers.get("port", "5439"), "sparkfy.port"),
                layers.get("iamRoleName", "sparkfyRedshiftS3Read"),
                region, uri(awsEndpoint, "sparkfy.awsEndpoint"), vpcSecurityGroupId, publiclyAccessible, accessKey,
                secretKey,
                Duration.ofSeconds(Math.max(1, pollSeconds)), Duration.ofMinutes(Math.max(1, clusterTimeoutMinutes)));
    }
}
