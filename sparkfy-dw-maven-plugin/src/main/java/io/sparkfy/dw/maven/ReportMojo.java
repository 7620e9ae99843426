package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.settings.PropertyNames;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the analysts' report: a self-contained HTML page (charts and tables, nothing loaded from the network)
 * and the raw results as JSON, from the report SQL of sparkfy-dw-sql.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class ReportMojo extends AbstractWarehouseMojo {

    /**
     * Folder that receives {@code index.html} and {@code report.json}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.REPORT_DIRECTORY, defaultValue = "${project.build.directory}/sparkfy-dw/report")
    private File reportDirectory;

    /**
     * Where the check goal wrote its results: the report shows the last of them ({@code check-results.json}).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CHECK_REPORTS_DIRECTORY,
            defaultValue = "${project.build.directory}/sparkfy-dw/check-reports")
    private File checkReportsDirectory;

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.report(buildPath(reportDirectory, "sparkfy-dw/report"), // logs where it wrote
                buildPath(checkReportsDirectory, CheckSettings.DEFAULT_REPORTS_DIRECTORY));
    }
}
