package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Prints the schema's migrations with their state (Success, Pending, Baseline, Checksum mismatch, Future) and the
 * history, like {@code flyway info}. Changes nothing.
 */
@Mojo(name = "info", requiresProject = false, threadSafe = true)
public class InfoMojo extends AbstractWarehouseMojo {

    @Override
    protected void run(Pipeline pipeline, Log log) {
        log.info(pipeline.schemaDescription());
        pipeline.info().format().forEach(log::info);
    }
}
