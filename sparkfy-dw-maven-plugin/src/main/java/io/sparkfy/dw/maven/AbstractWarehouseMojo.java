package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.config.WarehouseSettings;
import io.sparkfy.dw.pipeline.Pipeline;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.warehouse.Warehouse;
import io.sparkfy.dw.warehouse.Warehouses;
import java.io.File;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

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

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Component
    private SettingsDecrypter decrypter;

    @Override
    protected final void run(Log log) {
        checkParameters();
        try (Warehouse warehouse = Warehouses.open(warehouseSettings(), log)) {
            run(new Pipeline(warehouse, new SqlResources(), log), log);
        }
    }

    protected abstract void run(Pipeline pipeline, Log log);

    /** Fails on bad parameters before anything connects or starts. */
    protected void checkParameters() {
    }

    WarehouseSettings warehouseSettings() {
        String resolvedUser = user;
        String resolvedPassword = password;
        if (serverId != null && !serverId.isBlank()) {
            Server server = settings == null ? null : settings.getServer(serverId.trim());
            if (server == null) {
                throw new SparkfyException("sparkfy.serverId: settings.xml has no <server> with id '" + serverId
                        + "'");
            }
            SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            if (!decrypted.getProblems().isEmpty()) {
                throw new SparkfyException("sparkfy.serverId: cannot decrypt the password of server '" + serverId
                        + "' in settings.xml");
            }
            Server plain = decrypted.getServer();
            resolvedUser = resolvedUser != null ? resolvedUser : plain.getUsername();
            resolvedPassword = resolvedPassword != null ? resolvedPassword : plain.getPassword();
        }
        return new WarehouseSettings(url, resolvedUser, resolvedPassword,
                BuildDirectory.resolve(embeddedDirectory, project, "sparkfy-dw/pgdata"));
    }
}
