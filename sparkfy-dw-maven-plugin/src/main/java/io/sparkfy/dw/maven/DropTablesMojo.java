package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.settings.PropertyNames;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Drops every sparkfy-dw table. Bound to no phase, and refuses to run without {@code -Dsparkfy.confirm=drop}, so
 * an accident in CI cannot wipe a warehouse.
 */
@Mojo(name = "drop-tables", requiresProject = false, threadSafe = true)
public class DropTablesMojo extends AbstractWarehouseChangeMojo {

    /**
     * Required: {@code drop}, or the goal drops nothing (so that an accident in CI cannot wipe a warehouse).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIRM)
    private String confirm;

    @Override
    protected void checkParameters() {
        if (!"drop".equals(confirm)) {
            throw new SparkfyException("drop-tables deletes the whole warehouse: confirm with -Dsparkfy.confirm=drop");
        }
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.dropTables();
    }
}
