package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.QueryResult;
import io.sparkfy.dw.settings.PropertyNames;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/** Runs one read-only SQL query and prints the result as an aligned table. */
@Mojo(name = "query", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class QueryMojo extends AbstractWarehouseMojo {

    /**
     * Required: the query, e.g. {@code -Dsparkfy.sql="select level, count(*) from songplays group by level"}. It
     * runs in a read-only transaction.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SQL)
    private String sql;

    /**
     * At most this many rows are printed.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MAX_ROWS, defaultValue = "100")
    private int maxRows;

    @Override
    protected void checkParameters() {
        required(sql, PropertyNames.SQL, "the query to run, e.g. -Dsparkfy.sql=\"select count(*) from songplays\"");
        if (maxRows < 1) {
            throw new SparkfyException(PropertyNames.MAX_ROWS + " must be at least 1, not " + maxRows);
        }
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        QueryResult result = pipeline.query(sql, maxRows);
        if (!result.header().isEmpty()) { // a dry run prints the query instead
            result.format().forEach(log::info);
        }
    }
}
