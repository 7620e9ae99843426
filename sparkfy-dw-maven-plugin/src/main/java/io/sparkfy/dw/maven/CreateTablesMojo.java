package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.settings.PropertyNames;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Creates the staging and star-schema tables that are missing, in one transaction. */
@Mojo(name = "create-tables", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, requiresProject = false,
        threadSafe = true)
public class CreateTablesMojo extends AbstractWarehouseChangeMojo {

    /**
     * Drops every table first and creates them all anew, empty (what the old {@code create_tables.py} did).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.RECREATE, defaultValue = "false")
    private boolean recreate;

    @Override
    protected void checkParameters() {
        recreate = flag(PropertyNames.RECREATE, recreate); // before anything starts
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.createTables(recreate);
    }
}
