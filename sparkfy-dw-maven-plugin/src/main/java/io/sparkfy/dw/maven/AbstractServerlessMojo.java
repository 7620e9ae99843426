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

/**
 * The Serverless goals' settings: a namespace (the data) and its workgroup (the compute), their region and the API
 * endpoint. The goal that creates them adds what a new namespace needs; the goals that wait add the waits. Values a
 * goal has no parameter for keep their defaults. Credentials come from the SDK's default chain.
 */
public abstract class AbstractServerlessMojo extends AbstractSparkfyMojo {

    /**
     * Required: the Serverless namespace (the database, its admin user and its snapshots), in the POM or on the
     * command line; dwh.cfg has no key for it.
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
     * AWS region of the namespace and workgroup (of the Redshift Serverless calls); unset: the SDK's default region
     * chain. Not {@code sparkfy.region}, which is the load goals' source region.
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
     * The seed's dwh.cfg: its [DWH] DWH_DB, DWH_DB_USER and DWH_DB_PASSWORD.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIG_FILE)
    protected File configFile;

    @Override
    protected final void run(Log log) {
        ServerlessSettings settings = serverlessSettings(log);
        checkParameters(settings);
        try (ServerlessManager manager = new ServerlessManager(settings, log)) {
            run(manager, log);
        }
    }

    protected abstract void run(ServerlessManager manager, Log log);

    /** Fails on bad parameters before any AWS call. */
    protected void checkParameters(ServerlessSettings settings) {
    }

    /** The POM layer: this goal's parameter values; a goal with more parameters adds its own. */
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.NAMESPACE_NAME, namespaceName);
        pom.put(PropertyNames.WORKGROUP_NAME, workgroupName);
        pom.put(PropertyNames.CLUSTER_REGION, clusterRegion);
        pom.put(PropertyNames.AWS_ENDPOINT, awsEndpoint);
        return pom;
    }

    /** The settings.xml server with the admin user and password: only the goal that creates a namespace has one. */
    protected String serverId() {
        return null;
    }

    ServerlessSettings serverlessSettings(Log log) {
        SettingsLayers layers = layers(pomSettings(), serverId(), PropertyNames.CLUSTER_SERVER_ID,
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
                .region(awsRegion(layers, log))
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
