package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.settings.PropertyNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates (or reuses) the IAM role Redshift assumes to read S3, and the cluster; waits until it is available and
 * prints the endpoint and role in the form the load goals take. Run again, it changes nothing and says so.
 */
@Mojo(name = "cluster-create", requiresProject = false, threadSafe = true)
public class ClusterCreateMojo extends AbstractClusterChangeMojo {

    /**
     * {@code single-node} or {@code multi-node} (DWH_CLUSTER_TYPE); default multi-node.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_TYPE)
    private String clusterType;

    /**
     * Number of nodes of a multi-node cluster (DWH_NUM_NODES); default 4.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.NUMBER_OF_NODES)
    private String numberOfNodes;

    /**
     * Node type (DWH_NODE_TYPE); default {@code ra3.xlplus}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.NODE_TYPE)
    private String nodeType;

    /**
     * Database created with the cluster (DWH_DB); default {@code dwh}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.DB_NAME)
    private String dbName;

    /**
     * Master user (DWH_DB_USER); default {@code dwhuser}; with {@link #clusterServerId}, the server's username.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MASTER_USER)
    private String masterUser;

    /**
     * A settings.xml {@code <server>} whose username and password are the master user's (preferred over
     * DWH_DB_USER / DWH_DB_PASSWORD in dwh.cfg). Required, or DWH_DB_PASSWORD in dwh.cfg: a new cluster needs a
     * master password.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_SERVER_ID)
    private String clusterServerId;

    /**
     * Port (DWH_PORT); default 5439.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PORT)
    private String port;

    /**
     * VPC security group for the cluster; unset: AWS's default.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.VPC_SECURITY_GROUP_ID)
    private String vpcSecurityGroupId;

    /**
     * Whether the cluster gets a public endpoint ({@code true} or {@code false}); unset: AWS's default.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PUBLICLY_ACCESSIBLE)
    private String publiclyAccessible;

    /**
     * Also write the endpoint and role into this dwh.cfg ([CLUSTER] HOST DB_PORT DB_NAME, [IAM_ROLE] ARN); the
     * login is never written (use a settings.xml server, sparkfy.serverId). A relative path is taken from the
     * project's folder.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.WRITE_CONFIG_FILE)
    private File writeConfigFile;

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.CLUSTER_TYPE, clusterType);
        pom.put(PropertyNames.NUMBER_OF_NODES, numberOfNodes);
        pom.put(PropertyNames.NODE_TYPE, nodeType);
        pom.put(PropertyNames.DB_NAME, dbName);
        pom.put(PropertyNames.MASTER_USER, masterUser);
        pom.put(PropertyNames.PORT, port);
        pom.put(PropertyNames.VPC_SECURITY_GROUP_ID, vpcSecurityGroupId);
        pom.put(PropertyNames.PUBLICLY_ACCESSIBLE, publiclyAccessible);
        return pom;
    }

    @Override
    protected String masterServerId() {
        return clusterServerId;
    }

    @Override
    protected void run(ClusterManager manager, Log log) {
        ClusterManager.CreateResult result = manager.create();
        log.info("cluster " + (result.created() ? "created" : "already there, nothing was changed") + "; role "
                + (result.roleCreated() ? "created" : "reused"));
        log.info("-Dsparkfy.url=" + result.jdbcUrl());
        log.info("-Dsparkfy.iamRole=" + result.roleArn());
        if (writeConfigFile != null) {
            String text = "# Written by sparkfy-dw:cluster-create. The password is not written: use a settings.xml"
                    + " server (sparkfy.serverId).\n[CLUSTER]\nHOST=" + result.endpointAddress() + "\nDB_PORT="
                    + result.endpointPort() + "\nDB_NAME=" + result.jdbcUrl().substring(result.jdbcUrl()
                    .lastIndexOf('/') + 1) + "\n\n[IAM_ROLE]\nARN='" + result.roleArn() + "'\n";
            try {
                Files.writeString(baseDirectory().resolve(writeConfigFile.toPath()), text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new SparkfyException(PropertyNames.WRITE_CONFIG_FILE + ": cannot write " + writeConfigFile + ": "
                        + e.getMessage(), e);
            }
            log.info("wrote " + writeConfigFile);
        }
    }
}
