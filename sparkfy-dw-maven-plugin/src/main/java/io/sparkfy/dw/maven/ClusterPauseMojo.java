package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.settings.PropertyNames;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Pauses the cluster, so that its compute is no longer billed (storage and snapshots stay), and waits until it is
 * paused. Pausing ends every session on it (a running load fails, changing nothing), so it needs
 * {@code -Dsparkfy.confirm=<cluster id>}, as cluster-delete does. Run again, it changes nothing.
 */
@Mojo(name = "cluster-pause", requiresProject = false, threadSafe = true)
public class ClusterPauseMojo extends AbstractClusterMojo {

    /**
     * Must equal the cluster's identifier.
     *
     * @since 0.2.0
     */
    @Parameter(property = PropertyNames.CONFIRM)
    private String confirm;

    @Override
    protected void checkParameters(ClusterSettings cluster) {
        if (!cluster.clusterIdentifier().equals(confirm)) {
            throw new SparkfyException("cluster-pause stops cluster " + cluster.clusterIdentifier()
                    + " and ends every session on it: confirm with -D" + PropertyNames.CONFIRM + "="
                    + cluster.clusterIdentifier());
        }
    }

    @Override
    protected void run(ClusterManager manager, Log log) {
        ClusterManager.PauseResult result = manager.pause();
        log.info("cluster " + (result.changed() ? "paused" : "was already paused")
                + ": its compute is not billed until mvn sparkfy-dw:cluster-resume");
    }
}
