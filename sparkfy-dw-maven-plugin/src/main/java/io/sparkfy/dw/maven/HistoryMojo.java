package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.QueryResult;
import io.sparkfy.dw.settings.PropertyNames;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Prints the last runs of the goals that change the warehouse (create-tables, load-stg, insert-dw, etl's steps),
 * newest first, as an aligned table like {@code flyway info}: when, goal, status, time, files, rows per table,
 * rejections, who, versions and a failed run's error. Changes nothing.
 */
@Mojo(name = "history", requiresProject = false, threadSafe = true)
public class HistoryMojo extends AbstractWarehouseMojo {

    /**
     * How many runs the history goal prints, newest first.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.HISTORY_LIMIT, defaultValue = "20")
    private int historyLimit;

    @Override
    protected void checkParameters() {
        if (historyLimit < 1) {
            throw new SparkfyException(PropertyNames.HISTORY_LIMIT + " must be at least 1, not " + historyLimit);
        }
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        QueryResult result = pipeline.history(historyLimit);
        if (!result.header().isEmpty()) { // a dry run says what it would read instead
            result.format().forEach(log::info);
        }
    }
}
