package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Replaces the content of {@code staging_events} and {@code staging_songs} with what is new in the configured
 * sources, all or nothing: if any file is bad, staging and the load ledger keep what they had. New: the objects the
 * ledger ({@code sparkfy_dw_loaded_files}) does not hold, or holds with another size or version; a table with
 * nothing new is left as it is, and says so. {@code -Dsparkfy.reload=all} loads every object, a glob or a date range
 * ({@code -Dsparkfy.reload=2018-11-03..2018-11-05}) loads those again too.
 */
@Mojo(name = "load-stg", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class LoadStgMojo extends AbstractLoadMojo {

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.loadStaging(stagingSources(), reload());
    }
}
