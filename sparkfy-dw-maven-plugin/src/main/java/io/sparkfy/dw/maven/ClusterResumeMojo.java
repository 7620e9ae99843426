package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.cluster.ClusterManager;
import org.apache.maven.plugins.annotations.Mojo;

/** Resumes a paused cluster and waits until it is available again. Run again, it changes nothing. */
@Mojo(name = "cluster-resume", requiresProject = false, threadSafe = true)
public class ClusterResumeMojo extends AbstractClusterMojo {

    @Override
    protected void run(ClusterManager manager, Log log) {
        ClusterManager.PauseResult result = manager.resume();
        log.info("cluster " + (result.changed() ? "resumed" : "was already available")
                + (result.endpointAddress() == null ? ""
                : ": endpoint " + result.endpointAddress() + ":" + result.endpointPort()));
    }
}
