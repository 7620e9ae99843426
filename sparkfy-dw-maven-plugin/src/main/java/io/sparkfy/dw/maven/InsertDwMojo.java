package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Fills the star schema (songplays, users, songs, artists, time) from staging, in one transaction. Running it
 * again on the same staging content changes nothing.
 */
@Mojo(name = "insert-dw", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class InsertDwMojo extends AbstractWarehouseChangeMojo {

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.insertDw();
    }
}
