package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ServerlessManager;
import io.sparkfy.dw.settings.PropertyNames;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates (or reuses) a Redshift Serverless namespace and its workgroup, waits until the workgroup is available and
 * prints the URLs the warehouse goals take: IAM sign-in over JDBC, or the Data API. Run again, it changes nothing.
 */
@Mojo(name = "serverless-create", requiresProject = false, threadSafe = true)
public class ServerlessCreateMojo extends AbstractServerlessWaitMojo {

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

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.BASE_CAPACITY, baseCapacity);
        pom.put(PropertyNames.DB_NAME, dbName);
        pom.put(PropertyNames.MASTER_USER, masterUser);
        pom.put(PropertyNames.IAM_ROLE, iamRole);
        pom.put(PropertyNames.VPC_SECURITY_GROUP_ID, vpcSecurityGroupId);
        pom.put(PropertyNames.PUBLICLY_ACCESSIBLE, publiclyAccessible);
        return pom;
    }

    @Override
    protected String serverId() {
        return clusterServerId;
    }

    @Override
    protected void run(ServerlessManager manager, Log log) {
        ServerlessManager.CreateResult result = manager.create();
        log.info("namespace " + (result.namespaceCreated() ? "created" : "reused") + ", workgroup "
                + (result.workgroupCreated() ? "created" : "already there, nothing was changed"));
        log.info("-Dsparkfy.url=" + result.jdbcUrl() + "   (IAM sign-in over JDBC)");
        log.info("-Dsparkfy.url=" + result.dataApiUrl() + "   (the Data API: no network path needed)");
        if (result.adminSecretArn() != null) {
            log.info("the admin password is managed by Secrets Manager: " + result.adminSecretArn());
        }
    }
}
