package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.DwhConfig;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * What every goal shares: {@code skip}, and turning the engine's errors into one-line Maven failures (the stack
 * trace only with {@code -e}). Subclasses implement {@link #run(Log)} and nothing else.
 */
public abstract class AbstractSparkfyMojo extends AbstractMojo {

    /**
     * Skips the goal, e.g. to switch a bound goal off for one build.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    protected boolean skip;

    @Parameter(defaultValue = "${session}", readonly = true)
    private MavenSession session;

    @Parameter(defaultValue = "${settings}", readonly = true)
    private Settings settings;

    @Parameter(defaultValue = "${project}", readonly = true)
    private MavenProject project;

    @Component
    private SettingsDecrypter decrypter;

    /** The SDK's default region (AWS_REGION, the profile, the instance) or null; a field, so a test can set one. */
    Supplier<String> sdkRegion = AbstractSparkfyMojo::sdkDefaultRegion;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (flag(PropertyNames.SKIP, skip)) {
            getLog().info(PropertyNames.SKIP + " is set: skipping");
            return;
        }
        try {
            run(new MavenLog(getLog()));
        } catch (SparkfyException e) {
            // Maven appends the message of every cause to the [ERROR] line; the engine's message is already
            // complete, so the cause travels as suppressed: printed with -e, kept out of the one-line reason.
            // Drivers put hints on later lines ("  Position: 26"); Maven's reason stays on one line.
            MojoFailureException failure = new MojoFailureException(e.getMessage().replaceAll("\\s*\\R\\s*", " "));
            failure.addSuppressed(e);
            throw failure;
        } catch (RuntimeException e) {
            throw new MojoExecutionException("sparkfy-dw failed unexpectedly: " + e, e);
        }
    }

    protected abstract void run(Log log) throws MojoFailureException;

    /** The {@code -Dsparkfy.*} properties of the command line, by full name: the top settings layer. */
    protected Map<String, String> commandLineSettings() {
        Map<String, String> commandLine = new HashMap<>();
        if (session != null) {
            session.getUserProperties().forEach((k, v) -> {
                if (k.toString().startsWith("sparkfy.")) {
                    commandLine.put(k.toString(), v.toString());
                }
            });
        }
        return commandLine;
    }

    /**
     * A switch of the POM with a {@code -D} on the command line over it, as for every other setting: Maven alone
     * gives a POM value precedence over the property. A value other than true or false fails naming the property.
     */
    protected final boolean flag(String property, boolean pomValue) {
        String commandLine = commandLineSettings().get(property);
        return commandLine == null || commandLine.isBlank() ? pomValue
                : SettingsLayers.builder().commandLine(Map.of(property, commandLine)).build().bool(property);
    }

    /** A settings.xml server with its password decrypted; fails naming the property that asked for it. */
    protected Server server(String id, String property) {
        Server server = settings == null ? null : settings.getServer(id.strip());
        if (server == null) {
            throw new SparkfyException(property + ": settings.xml has no <server> with id '" + id + "'");
        }
        SettingsDecryptionResult decrypted = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        if (!decrypted.getProblems().isEmpty()) {
            throw new SparkfyException(property + ": cannot decrypt the password of server '" + id
                    + "' in settings.xml");
        }
        return decrypted.getServer();
    }

    /**
     * The settings layers: command line over POM over a dwh.cfg section. A settings.xml server, when named, fills
     * the login the POM leaves unset (it ranks with the POM).
     */
    protected final SettingsLayers layers(Map<String, String> pom, String serverId, String serverProperty,
                                          String userKey, String passwordKey, File configFile,
                                          Function<DwhConfig, Map<String, String>> section) {
        if (serverId != null && !serverId.isBlank()) {
            Server plain = server(serverId, serverProperty);
            pom.putIfAbsent(userKey, plain.getUsername());
            pom.putIfAbsent(passwordKey, plain.getPassword());
        }
        Map<String, String> file = configFile == null ? Map.of()
                : section.apply(DwhConfig.read(baseDirectory().resolve(configFile.toPath())));
        return SettingsLayers.builder().commandLine(commandLineSettings()).pom(pom).configFile(file).build();
    }

    /**
     * The AWS region of the cluster and Serverless goals' calls: {@code sparkfy.clusterRegion}, else the SDK's
     * default region, said at INFO so that a region nobody typed is seen; null when neither is set (the settings
     * then refuse it).
     */
    protected final String awsRegion(SettingsLayers layers, Log log) {
        String region = layers.text(PropertyNames.CLUSTER_REGION);
        if (region != null) {
            return region;
        }
        String typed = commandLineSettings().get(PropertyNames.REGION);
        if (typed != null && !typed.isBlank()) { // once this goals' region too: a cluster must not go elsewhere unseen
            log.warn(PropertyNames.REGION + " (" + typed.strip() + ") is the S3 region of the load goals; this goal"
                    + " reads " + PropertyNames.CLUSTER_REGION);
        }
        region = sdkRegion.get();
        if (region != null) {
            log.info(PropertyNames.CLUSTER_REGION + " is not set: region " + region + " from the SDK's default chain");
        }
        return region;
    }

    private static String sdkDefaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            return null;
        }
    }

    /** An optional URI setting (null when unset): not a URI is a clear failure naming its property. */
    protected static URI uri(String value, String property) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(property + ": '" + value + "' is not a URI", e);
        }
    }

    /**
     * Where relative paths in the POM or on the command line start: the project's folder ({@code mvn -f
     * other/pom.xml} reads {@code other/data}); with no POM, the folder Maven runs in.
     */
    protected Path baseDirectory() {
        return BuildDirectory.base(project);
    }

    /** A folder defaulting under ${project.build.directory}, also when run with no POM ({@link BuildDirectory}). */
    protected Path buildPath(File configured, String defaultChild) {
        return BuildDirectory.resolve(configured, project, defaultChild);
    }

    /** A required text parameter: missing is a clear failure naming its property. */
    protected static String required(String value, String property, String meaning) {
        if (value == null || value.isBlank()) {
            throw new SparkfyException(property + " is not set: " + meaning);
        }
        return value.trim();
    }
}
