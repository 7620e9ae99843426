package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterManager;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints the cluster's state, endpoint, nodes and latest snapshots. */
@Mojo(name = "cluster-status", requiresProject = false, threadSafe = true)
public class ClusterStatusMojo extends AbstractClusterMojo {

    @Override
    protected void run(ClusterManager manager, Log log) {
        ClusterManager.StatusResult status = manager.status();
        log.info("status: " + status.status() + ", " + status.numberOfNodes() + " x " + status.nodeType()
                + (status.endpointAddress() == null ? "" : ", endpoint " + status.endpointAddress() + ":"
                + status.endpointPort())
                + ("paused".equals(status.status()) ? " (paused: compute is not billed; cluster-resume resumes it)"
                : ""));
        for (ClusterManager.Snapshot snapshot : status.snapshots()) {
            log.info("snapshot " + snapshot.identifier() + " (" + snapshot.status() + ", " + snapshot.created() + ")");
        }
        if (status.snapshots().isEmpty()) {
            log.info("no snapshots");
        }
    }
}
