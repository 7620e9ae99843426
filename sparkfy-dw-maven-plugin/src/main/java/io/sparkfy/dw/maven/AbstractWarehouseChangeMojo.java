package io.sparkfy.dw.maven;

import io.sparkfy.dw.settings.PropertyNames;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that change the warehouse (create-tables, load-stg, insert-dw, etl, drop-tables): they take turns on
 * it through the warehouse lock, so they also say how long to wait for it.
 */
public abstract class AbstractWarehouseChangeMojo extends AbstractWarehouseMojo {

    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(600);

    /**
     * Seconds this goal waits while another build's goal works on the same warehouse (goals that change it take
     * turns: a PostgreSQL advisory lock, a LOCK on Redshift); then it fails, changing nothing. Default 600.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LOCK_TIMEOUT)
    protected String lockTimeout;

    @Override
    protected Duration lockTimeout() {
        return layers().duration(PropertyNames.LOCK_TIMEOUT, ChronoUnit.SECONDS, 0, DEFAULT_LOCK_TIMEOUT);
    }

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.LOCK_TIMEOUT, lockTimeout);
        return pom;
    }
}
