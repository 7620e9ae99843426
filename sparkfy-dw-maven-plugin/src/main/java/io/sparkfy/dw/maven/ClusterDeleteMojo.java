package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.settings.PropertyNames;
import java.time.Clock;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Deletes the cluster, after a final snapshot (named from the cluster and the time, UTC) unless told otherwise.
 * Needs {@code -Dsparkfy.confirm=<cluster id>}, so an accident in CI cannot delete a warehouse.
 */
@Mojo(name = "cluster-delete", requiresProject = false, threadSafe = true)
public class ClusterDeleteMojo extends AbstractClusterChangeMojo {

    /**
     * Required: the cluster's identifier again, so that an accident in CI cannot delete a warehouse.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIRM)
    private String confirm;

    /**
     * Deletes without a final snapshot; must be set explicitly.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SKIP_FINAL_SNAPSHOT, defaultValue = "false")
    private boolean skipFinalSnapshot;

    /**
     * Also detaches the S3 policy from the IAM role and deletes the role.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.DELETE_ROLE, defaultValue = "false")
    private boolean deleteRole;

    @Override
    protected void checkParameters(ClusterSettings cluster) {
        if (!cluster.clusterIdentifier().equals(confirm)) {
            throw new SparkfyException("cluster-delete deletes cluster " + cluster.clusterIdentifier()
                    + ": confirm with -D" + PropertyNames.CONFIRM + "=" + cluster.clusterIdentifier());
        }
    }

    @Override
    protected void run(ClusterManager manager, Log log) {
        ClusterManager.DeleteResult result = manager.delete(flag(PropertyNames.SKIP_FINAL_SNAPSHOT, skipFinalSnapshot),
                flag(PropertyNames.DELETE_ROLE, deleteRole), Clock.systemUTC());
        log.info("cluster " + (result.clusterDeleted() ? "deleted" : "was already gone")
                + (result.finalSnapshotIdentifier() == null ? ", without a final snapshot"
                : ", final snapshot " + result.finalSnapshotIdentifier())
                + (result.roleDeleted() ? "; role deleted" : ""));
    }
}
