package io.sparkfy.dw.maven;

import io.sparkfy.dw.settings.PropertyNames;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** The Serverless goals that wait for AWS (create, delete): how often they look and how long at most. */
public abstract class AbstractServerlessWaitMojo extends AbstractServerlessMojo {

    /**
     * Seconds between status checks while waiting; default 15.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.POLL_SECONDS)
    protected String pollSeconds;

    /**
     * Minutes to wait for the workgroup to become available (or to be deleted); default 30.
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
