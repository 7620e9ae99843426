package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.SettingsLayers;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import java.io.File;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that work on a warehouse: where it is and how to log in, then one call into the {@link Pipeline}. */
public abstract class AbstractWarehouseMojo extends AbstractSparkfyMojo {

    /**
     * JDBC URL of the warehouse: {@code jdbc:postgresql://host:port/db} for an external PostgreSQL. Leave it unset
     * for the embedded PostgreSQL the plugin starts itself.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.url")
    protected String url;

    /**
     * Database user; overrides the user of {@link #serverId}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.user")
    protected String user;

    /**
     * Database password; prefer {@link #serverId} so that it stays out of POMs and shell history.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.password")
    protected String password;

    /**
     * Id of a {@code <server>} in settings.xml whose username and (possibly encrypted) password log in.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.serverId")
    protected String serverId;

    /**
     * Data folder of the embedded PostgreSQL, used when no {@link #url} is set. It outlives the build, so separate
     * Maven invocations work on the same warehouse; {@code mvn clean} deletes it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.embeddedDirectory", defaultValue = "${project.build.directory}/sparkfy-dw/pgdata")
    protected File embeddedDirectory;

    /**
     * The seed's {@code dwh.cfg}, read unchanged: {@code [CLUSTER] HOST DB_NAME DB_USER DB_PASSWORD DB_PORT} (a
     * Redshift URL and login), {@code [IAM_ROLE] ARN}, {@code [S3] LOG_DATA LOG_JSONPATH SONG_DATA}. Its values
     * come after the command line and the POM.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.configFile")
    protected File configFile;

    /**
     * IAM role the Redshift cluster assumes to read S3 in COPY ({@code arn:aws:iam::<account>:role/<name>}).
     * Unset: the cluster's default IAM role. Access keys are never put into SQL.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.iamRole")
    protected String iamRole;

    /**
     * Connects to nothing and prints every SQL statement the goal would run, COPY text included.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.dryRun", defaultValue = "false")
    protected boolean dryRun;

    /**
     * Seconds a goal waits while another build's goal works on the same warehouse (goals that change it take
     * turns); then it fails, changing nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.lockTimeout", defaultValue = "600")
    protected int lockTimeout;

    private SettingsLayers layers;
    private final SqlResources sql = new SqlResources();

    @Override
    protected final void run(Log log) {
        checkParameters();
        try (Warehouse warehouse = Warehouses.open(warehouseSettings(), log, dryRun)) {
            run(new Pipeline(warehouse, sql, sources(), log, dryRun)
                    .lockTimeout(Duration.ofSeconds(Math.max(0, lockTimeout))), log);
        }
    }

    /** The schema artifact on the plugin's class path: what it declares, its SQL. */
    protected final SqlResources sql() {
        return sql;
    }

    /** How S3 is reached; only the load goals read sources. */
    protected Sources sources() {
        return Sources.local();
    }

    /** The POM layer: parameter values (Maven also fills them from -D, which the command-line layer outranks). */
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = new HashMap<>();
        pom.put("url", url);
        pom.put("user", user);
        pom.put("password", password);
        pom.put("iamRole", iamRole);
        return pom;
    }

    /** Command line over POM over config file; see {@link SettingsLayers}. */
    protected final SettingsLayers layers() {
        if (layers == null) {
            layers = layers(pomSettings(), serverId, "sparkfy.serverId", "user", "password", configFile,
                    DwhConfig::settings);
        }
        return layers;
    }

    protected abstract void run(Pipeline pipeline, Log log);

    /** Fails on bad parameters before anything connects or starts. */
    protected void checkParameters() {
    }

    WarehouseSettings warehouseSettings() {
        SettingsLayers layers = layers();
        getLog().debug("sparkfy.url from the " + layers.origin("url") + ", sparkfy.user from the "
                + layers.origin("user") + ", sparkfy.password from the " + layers.origin("password"));
        return new WarehouseSettings(layers.get("url"), layers.get("user"), layers.get("password"),
                buildPath(embeddedDirectory, "sparkfy-dw/pgdata"), layers.get("iamRole"));
    }
}
