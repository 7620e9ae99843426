package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.cluster.ServerlessManager;
import io.sparkfy.dw.cluster.ServerlessSettings;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The Serverless goals' settings: a namespace (the data) and its workgroup (the compute), with the cluster goals'
 * database, admin user, region, endpoint and waits. Credentials come from the SDK's default chain.
 */
public abstract class AbstractServerlessMojo extends AbstractSparkfyMojo {

    /**
     * The Serverless namespace: the database, its admin user and its snapshots.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.NAMESPACE_NAME)
    protected String namespaceName;

    /**
     * The Serverless workgroup: the compute and the endpoint; default the namespace's name.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.WORKGROUP_NAME)
    protected String workgroupName;

    /**
     * The workgroup's base capacity in RPUs, 8 to 1024 in steps of 8; default 8.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.BASE_CAPACITY)
    protected String baseCapacity;

    /**
     * Database created with the namespace (DWH_DB); default {@code dev}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.DB_NAME)
    protected String dbName;

    /**
     * Admin user (DWH_DB_USER); default {@code admin}; with {@link #clusterServerId}, the server's username.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MASTER_USER)
    protected String masterUser;

    /**
     * A settings.xml {@code <server>} with the admin user and password. With no password anywhere, Secrets Manager
     * manages the admin password (none exists in the build).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_SERVER_ID)
    protected String clusterServerId;

    /**
     * AWS region; unset: the SDK's default region chain.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_REGION)
    protected String clusterRegion;

    /**
     * Endpoint override for the Redshift Serverless API (tests, private endpoints).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.AWS_ENDPOINT)
    protected String awsEndpoint;

    /**
     * IAM role ARN attached to the namespace as its default role, so that COPY's {@code IAM_ROLE default} works.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.IAM_ROLE)
    protected String iamRole;

    /**
     * VPC security group for the workgroup.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.VPC_SECURITY_GROUP_ID)
    protected String vpcSecurityGroupId;

    /**
     * Whether the workgroup gets a public endpoint.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUBLICLY_ACCESSIBLE)
    protected String publiclyAccessible;

    /**
     * The seed's dwh.cfg: its [DWH] DWH_DB, DWH_DB_USER and DWH_DB_PASSWORD.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIG_FILE)
    protected File configFile;

    /**
     * Seconds between status checks while waiting; default 15.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.POLL_SECONDS)
    protected String pollSeconds;

    /**
     * Minutes to wait for the workgroup to become available (or to be deleted); default 30.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_TIMEOUT_MINUTES)
    protected String clusterTimeoutMinutes;

    @Override
    protected final void run(Log log) {
        ServerlessSettings settings = serverlessSettings();
        checkParameters(settings);
        try (ServerlessManager manager = new ServerlessManager(settings, log)) {
            run(manager, log);
        }
    }

    protected abstract void run(ServerlessManager manager, Log log);

    /** Fails on bad parameters before any AWS call. */
    protected void checkParameters(ServerlessSettings settings) {
    }

    /** The SDK's default region (AWS_REGION, the profile, the instance), or null: the settings then say so. */
    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            return null;
        }
    }

    ServerlessSettings serverlessSettings() {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.NAMESPACE_NAME, namespaceName);
        pom.put(PropertyNames.WORKGROUP_NAME, workgroupName);
        pom.put(PropertyNames.BASE_CAPACITY, baseCapacity);
        pom.put(PropertyNames.DB_NAME, dbName);
        pom.put(PropertyNames.MASTER_USER, masterUser);
        pom.put(PropertyNames.CLUSTER_REGION, clusterRegion);
        pom.put(PropertyNames.AWS_ENDPOINT, awsEndpoint);
        pom.put(PropertyNames.IAM_ROLE, iamRole);
        pom.put(PropertyNames.VPC_SECURITY_GROUP_ID, vpcSecurityGroupId);
        pom.put(PropertyNames.PUBLICLY_ACCESSIBLE, publiclyAccessible);
        pom.put(PropertyNames.POLL_SECONDS, pollSeconds);
        pom.put(PropertyNames.CLUSTER_TIMEOUT_MINUTES, clusterTimeoutMinutes);
        SettingsLayers layers = layers(pom, clusterServerId, PropertyNames.CLUSTER_SERVER_ID,
                PropertyNames.MASTER_USER, PropertyNames.MASTER_PASSWORD, configFile, DwhConfig::clusterSettings);
        String namespace = required(layers.text(PropertyNames.NAMESPACE_NAME), PropertyNames.NAMESPACE_NAME,
                "the Serverless namespace's name");
        return ServerlessSettings.builder()
                .namespaceName(namespace)
                .workgroupName(layers.text(PropertyNames.WORKGROUP_NAME, namespace))
                .baseCapacity(layers.integer(PropertyNames.BASE_CAPACITY, 8, 1024, 8))
                .dbName(layers.text(PropertyNames.DB_NAME, "dev"))
                .adminUser(layers.text(PropertyNames.MASTER_USER, "admin"))
                .adminPassword(layers.text(PropertyNames.MASTER_PASSWORD))
                .region(layers.text(PropertyNames.CLUSTER_REGION) != null ? layers.text(PropertyNames.CLUSTER_REGION)
                        : defaultRegion())
                .endpoint(uri(layers.text(PropertyNames.AWS_ENDPOINT), PropertyNames.AWS_ENDPOINT))
                .defaultIamRoleArn(layers.text(PropertyNames.IAM_ROLE))
                .securityGroupId(layers.text(PropertyNames.VPC_SECURITY_GROUP_ID))
                .publiclyAccessible(layers.bool(PropertyNames.PUBLICLY_ACCESSIBLE))
                .pollInterval(layers.duration(PropertyNames.POLL_SECONDS, ChronoUnit.SECONDS, 1,
                        ClusterSettings.DEFAULT_POLL_INTERVAL))
                .timeout(layers.duration(PropertyNames.CLUSTER_TIMEOUT_MINUTES, ChronoUnit.MINUTES, 1,
                        ClusterSettings.DEFAULT_TIMEOUT))
                .build();
    }
}
