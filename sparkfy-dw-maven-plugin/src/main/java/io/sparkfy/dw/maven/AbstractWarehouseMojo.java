package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that work on a warehouse: where it is and how to log in, then one call into the {@link Pipeline}. */
public abstract class AbstractWarehouseMojo extends AbstractSparkfyMojo {

    /**
     * JDBC URL of the warehouse: {@code jdbc:redshift://cluster:5439/db} (Amazon Redshift) or
     * {@code jdbc:postgresql://host:port/db} (an external PostgreSQL). Unset: the embedded PostgreSQL the plugin
     * starts itself.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.URL)
    protected String url;

    /**
     * Database user; overrides the user of {@link #serverId}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.USER)
    protected String user;

    /**
     * Database password; prefer {@link #serverId} so that it stays out of POMs and shell history.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PASSWORD)
    protected String password;

    /**
     * Id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password log in.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SERVER_ID)
    protected String serverId;

    /**
     * Data folder of the embedded PostgreSQL, used when no {@link #url} is set. It outlives the build, so separate
     * Maven invocations work on the same warehouse; {@code mvn clean} deletes it. A relative path is taken from
     * the project's folder; with no POM, the default is {@code ./target/sparkfy-dw/pgdata}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.EMBEDDED_DIRECTORY, defaultValue = "${project.build.directory}/sparkfy-dw/pgdata")
    protected File embeddedDirectory;

    /**
     * The seed's {@code dwh.cfg}, read unchanged: {@code [CLUSTER] HOST DB_NAME DB_USER DB_PASSWORD DB_PORT} (a
     * Redshift URL and login), {@code [IAM_ROLE] ARN}, {@code [S3] LOG_DATA LOG_JSONPATH SONG_DATA}. Its values
     * come after the command line and the POM. A relative path is taken from the project's folder.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CONFIG_FILE)
    protected File configFile;

    /**
     * Connects to nothing and prints every SQL statement the goal would run, COPY text included.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.DRY_RUN, defaultValue = "false")
    protected boolean dryRun;

    private SettingsLayers layers;
    private final SqlResources sql = new SqlResources();

    @Override
    protected final void run(Log log) {
        checkParameters();
        try (Pipeline pipeline = Pipeline.builder(log).sql(sql).sources(sources()).dryRun(flag(PropertyNames.DRY_RUN, dryRun)).lockTimeout(lockTimeout())
                .open(warehouseSettings())) {
            run(pipeline, log);
        }
    }

    /** How long a goal that changes the warehouse waits for another build's; read-only goals take no lock. */
    protected Duration lockTimeout() {
        return AbstractWarehouseChangeMojo.DEFAULT_LOCK_TIMEOUT;
    }

    /** The schema artifact on the plugin's class path: what it declares, its SQL. */
    protected final SqlResources sql() {
        return sql;
    }

    /** How S3 is reached; only the load goals read sources. Relative paths start at the project's folder. */
    protected Sources sources() {
        return Sources.local().relativeTo(baseDirectory());
    }

    /** The POM layer: parameter values (Maven also fills them from -D, which the command-line layer outranks). */
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.URL, url);
        pom.put(PropertyNames.USER, user);
        pom.put(PropertyNames.PASSWORD, password);
        return pom;
    }

    /** Command line over POM over config file; see {@link SettingsLayers}. */
    protected final SettingsLayers layers() {
        if (layers == null) {
            layers = layers(pomSettings(), serverId, PropertyNames.SERVER_ID, PropertyNames.USER,
                    PropertyNames.PASSWORD, configFile, DwhConfig::settings);
        }
        return layers;
    }

    protected abstract void run(Pipeline pipeline, Log log);

    /** Fails on bad parameters before anything connects or starts. */
    protected void checkParameters() {
    }

    WarehouseSettings warehouseSettings() {
        SettingsLayers layers = layers();
        getLog().debug(PropertyNames.URL + " from the " + layers.origin(PropertyNames.URL) + ", "
                + PropertyNames.USER + " from the " + layers.origin(PropertyNames.USER) + ", "
                + PropertyNames.PASSWORD + " from the " + layers.origin(PropertyNames.PASSWORD));
        return new WarehouseSettings(layers.text(PropertyNames.URL), layers.text(PropertyNames.USER),
                layers.text(PropertyNames.PASSWORD), buildPath(embeddedDirectory, "sparkfy-dw/pgdata"));
    }
}
