package io.sparkfy.dw.maven;

import io.sparkfy.dw.settings.PropertyNames;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** The cluster goals that wait until AWS is done with a change (create, delete, pause, resume). */
public abstract class AbstractClusterWaitMojo extends AbstractClusterMojo {

    /**
     * Seconds between status checks while waiting for the cluster; default 15.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.POLL_SECONDS)
    protected String pollSeconds;

    /**
     * Minutes to wait for the cluster to become available (or deleted, or paused); default 30.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CLUSTER_TIMEOUT_MINUTES)
    protected String clusterTimeoutMinutes;

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.POLL_SECONDS, pollSeconds);
        pom.put(PropertyNames.CLUSTER_TIMEOUT_MINUTES, clusterTimeoutMinutes);
        return pom;
    }
}
