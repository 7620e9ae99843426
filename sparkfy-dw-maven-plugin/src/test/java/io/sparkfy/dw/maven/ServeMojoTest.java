package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/**
 * The serve goal's port as Maven configures it: the default, the POM's, the command line's over it; a bad one fails
 * naming sparkfy.servePort before anything starts.
 */
@MojoTest
class ServeMojoTest {

    private static final String NEVER_STARTED = "target/harness/serve-never-started";

    @Test
    void theServePortReachesTheSettingsFromThePomOrTheCommandLine(
            @InjectMojo(goal = "serve", pom = "<project/>")
            @MojoParameter(name = "embeddedDirectory", value = NEVER_STARTED) ServeMojo unset,
            @InjectMojo(goal = "serve", pom = "<project/>")
            @MojoParameter(name = "embeddedDirectory", value = NEVER_STARTED)
            @MojoParameter(name = "servePort", value = "6543") ServeMojo pom) throws Exception {
        CommandLine.set(unset, new Properties());
        assertEquals(54321, unset.warehouseSettings().embeddedPort(), "unset: the default");
        CommandLine.set(pom, new Properties());
        assertEquals(6543, pom.warehouseSettings().embeddedPort(), "the POM's <servePort>");
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.SERVE_PORT, "5433");
        CommandLine.set(pom, cli);
        assertEquals(5433, pom.warehouseSettings().embeddedPort(), "-Dsparkfy.servePort over the POM");
    }

    @Test
    void aBadServePortFailsNamingThePropertyBeforeAnythingStarts(
            @InjectMojo(goal = "serve", pom = "<project/>")
            @MojoParameter(name = "embeddedDirectory", value = NEVER_STARTED) ServeMojo serve,
            @InjectMojo(goal = "serve", pom = "<project/>")
            @MojoParameter(name = "embeddedDirectory", value = NEVER_STARTED)
            @MojoParameter(name = "servePort", value = "54321x") ServeMojo pom) throws Exception {
        CommandLine.set(serve, new Properties());
        Path folder = serve.warehouseSettings().embeddedDataDirectory();
        for (String bad : List.of("0", "70000", "abc", "-1")) {
            String said = "sparkfy.servePort must be a whole number from 1 to 65535, not '" + bad + "'";
            Properties cli = new Properties();
            cli.setProperty(PropertyNames.SERVE_PORT, bad);
            CommandLine.set(serve, cli);
            assertEquals(said, assertThrows(SparkfyException.class, serve::warehouseSettings, bad).getMessage());
            // As Maven shows it. A dry run, so that a goal that took the port would print its plan, not serve on.
            cli.setProperty(PropertyNames.DRY_RUN, "true");
            CommandLine.set(serve, cli);
            assertEquals(said, assertThrows(MojoFailureException.class, serve::execute, bad).getMessage());
        }
        Properties dryRun = new Properties();
        dryRun.setProperty(PropertyNames.DRY_RUN, "true");
        CommandLine.set(pom, dryRun);
        assertEquals("sparkfy.servePort must be a whole number from 1 to 65535, not '54321x'",
                assertThrows(MojoFailureException.class, pom::execute).getMessage(), "a bad <servePort> in the POM");
        assertFalse(Files.exists(folder), "a server was started in " + folder);
    }
}
