package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.settings.PropertyNames;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Creates (or reuses) the IAM role Redshift assumes to read S3, and the cluster; waits until it is available and
 * prints the endpoint and role in the form the load goals take. Run again, it changes nothing and says so.
 */
@Mojo(name = "cluster-create", requiresProject = false, threadSafe = true)
public class ClusterCreateMojo extends AbstractClusterMojo {

    /**
     * Also write the endpoint and role into this dwh.cfg ([CLUSTER] HOST DB_PORT DB_NAME, [IAM_ROLE] ARN); the
     * login is never written (use a settings.xml server, sparkfy.serverId).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.WRITE_CONFIG_FILE)
    private File writeConfigFile;

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
