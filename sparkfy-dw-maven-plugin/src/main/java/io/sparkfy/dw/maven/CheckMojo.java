package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.check.CheckSettings;
import io.sparkfy.dw.check.Freshness;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Runs the data tests, like {@code dbt test}: the checks sparkfy-dw-sql ships (unique and not-null keys,
 * relationships, accepted values, reconciliation with the last staging batch, the level history, freshness) and
 * the project's own ({@code *.sql} in {@link #checksDirectory}), in a read-only transaction. Prints a line per
 * check and a summary, writes JUnit XML for CI servers, and fails the build when an error check finds rows.
 * Warnings never fail it. Changes nothing in the warehouse.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckMojo extends AbstractWarehouseMojo {

    /**
     * Runs only these checks, by name, comma-separated ({@code -Dsparkfy.checks=songplays_key_unique,users_fresh});
     * unset: all of them. A name that is no check fails, listing the checks.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CHECKS)
    private String checks;

    /**
     * Whether error checks that find rows (or whose query fails) fail the build. {@code false} reports them and
     * lets the build go on. Warnings never fail it.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.FAIL_ON_ERROR, defaultValue = "true")
    private boolean failOnError;

    /**
     * The project's own checks: every {@code *.sql} file directly in this folder is a query returning the rows that
     * break a rule, under a header {@code -- severity: warn} (or {@code error}) and {@code -- description: ...}.
     * A folder that does not exist holds no checks.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CHECKS_DIRECTORY, defaultValue = "${project.basedir}/src/main/sparkfy-dw/checks")
    private File checksDirectory;

    /**
     * Receives the JUnit XML ({@code TEST-sparkfy-dw.checks.xml}, Surefire's format) and {@code check-results.json},
     * which the report goal reads to show the last checks.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CHECK_REPORTS_DIRECTORY,
            defaultValue = "${project.build.directory}/sparkfy-dw/check-reports")
    private File checkReportsDirectory;

    /**
     * The newest play (songplays' start_time, UTC) older than this warns: {@code 90m}, {@code 36h}, {@code 2d},
     * an ISO-8601 duration, or {@code off}. Default {@code 36h}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PLAYS_WARN_AFTER)
    private String playsWarnAfter;

    /**
     * The newest play older than this fails the check (as {@link #playsWarnAfter}). Default {@code 72h}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PLAYS_ERROR_AFTER)
    private String playsErrorAfter;

    /**
     * The newest file the load ledger holds (its loaded_at, UTC) older than this warns (as
     * {@link #playsWarnAfter}). Default {@code 36h}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LOADS_WARN_AFTER)
    private String loadsWarnAfter;

    /**
     * The newest loaded file older than this fails the check (as {@link #playsWarnAfter}). Default {@code 72h}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LOADS_ERROR_AFTER)
    private String loadsErrorAfter;

    private CheckSettings resolved; // not "settings": Maven fills a field of that name with settings.xml

    @Override
    protected void checkParameters() {
        resolved = checkSettings(); // bad ages fail here, before anything starts
    }

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.CHECKS, checks);
        pom.put(PropertyNames.PLAYS_WARN_AFTER, playsWarnAfter);
        pom.put(PropertyNames.PLAYS_ERROR_AFTER, playsErrorAfter);
        pom.put(PropertyNames.LOADS_WARN_AFTER, loadsWarnAfter);
        pom.put(PropertyNames.LOADS_ERROR_AFTER, loadsErrorAfter);
        return pom;
    }

    CheckSettings checkSettings() {
        SettingsLayers layers = layers();
        String selected = layers.text(PropertyNames.CHECKS, "");
        Path folder = checksDirectory == null || checksDirectory.getPath().contains("${") // no POM at all
                ? Path.of(CheckSettings.DEFAULT_CHECKS_DIRECTORY).toAbsolutePath()
                : checksDirectory.toPath();
        return CheckSettings.builder()
                .select(Arrays.asList(selected.split(",")))
                .checksDirectory(folder)
                .reportsDirectory(buildPath(checkReportsDirectory, CheckSettings.DEFAULT_REPORTS_DIRECTORY))
                .freshness("plays", ages(layers, PropertyNames.PLAYS_WARN_AFTER, PropertyNames.PLAYS_ERROR_AFTER))
                .freshness("loads", ages(layers, PropertyNames.LOADS_WARN_AFTER, PropertyNames.LOADS_ERROR_AFTER))
                .failOnError(flag(PropertyNames.FAIL_ON_ERROR, failOnError))
                .build();
    }

    /** A name's two ages; either may be {@code off}, and the warn age may not be longer than the error age. */
    private static Freshness ages(SettingsLayers layers, String warn, String error) {
        Duration warnAfter = layers.parsed(warn, Freshness::parseAge, Freshness.DEFAULT.warnAfter());
        Duration errorAfter = layers.parsed(error, Freshness::parseAge, Freshness.DEFAULT.errorAfter());
        try {
            return new Freshness(warnAfter, errorAfter);
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(warn + " and " + error + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void run(Pipeline pipeline, Log log) {
        pipeline.check(resolved); // logs a line per check and the summary; fails on errors
    }
}
