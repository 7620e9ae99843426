package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Replaces the content of {@code staging_events} and {@code staging_songs} with the configured sources, all or
 * nothing: if any file is bad, staging keeps what it had.
 */
@Mojo(name = "load-stg", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class LoadStgMojo extends AbstractLoadMojo {

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.loadStaging(stagingSources());
    }
}
