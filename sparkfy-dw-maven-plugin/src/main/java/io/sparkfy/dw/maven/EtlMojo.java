package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * load-stg, then insert-dw: what {@code etl.py} did with no argument. The load takes what is new (see
 * {@code sparkfy.reload}, as for load-stg).
 */
@Mojo(name = "etl", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class EtlMojo extends AbstractLoadMojo {

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.loadStaging(stagingSources(), reload());
        pipeline.insertDw();
    }
}
