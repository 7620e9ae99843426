package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterManager;
import io.sparkfy.dw.cluster.ServerlessManager;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints the Serverless namespace's and workgroup's state, the endpoint, the capacity and the latest snapshots. */
@Mojo(name = "serverless-status", requiresProject = false, threadSafe = true)
public class ServerlessStatusMojo extends AbstractServerlessMojo {

    @Override
    protected void run(ServerlessManager manager, Log log) {
        ServerlessManager.StatusResult status = manager.status();
        log.info("namespace: " + status.namespaceStatus() + ", workgroup: " + status.workgroupStatus()
                + (status.baseCapacity() == null ? "" : ", " + status.baseCapacity() + " RPUs")
                + (status.endpointAddress() == null ? "" : ", endpoint " + status.endpointAddress() + ":"
                + status.endpointPort()));
        for (ClusterManager.Snapshot snapshot : status.snapshots()) {
            log.info("snapshot " + snapshot.identifier() + " (" + snapshot.status() + ", " + snapshot.created() + ")");
        }
        if (status.snapshots().isEmpty()) {
            log.info("no snapshots");
        }
    }
}
