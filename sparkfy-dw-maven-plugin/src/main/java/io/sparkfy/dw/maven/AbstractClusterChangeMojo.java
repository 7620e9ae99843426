package io.sparkfy.dw.maven;

import io.sparkfy.dw.settings.PropertyNames;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** The cluster goals that change the cluster and its IAM role, and wait until AWS is done (create, delete). */
public abstract class AbstractClusterChangeMojo extends AbstractClusterMojo {

    /**
     * IAM role the cluster assumes to read S3 (DWH_IAM_ROLE_NAME), created or reused by cluster-create, deleted by
     * cluster-delete with deleteRole; default {@code sparkfyRedshiftS3Read}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.IAM_ROLE_NAME)
    protected String iamRoleName;

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
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.IAM_ROLE_NAME, iamRoleName);
        pom.put(PropertyNames.POLL_SECONDS, pollSeconds);
        pom.put(PropertyNames.CLUSTER_TIMEOUT_MINUTES, clusterTimeoutMinutes);
        return pom;
    }
}
