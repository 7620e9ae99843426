package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.IamSignIn;
import io.sparkfy.dw.source.S3Options;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * The IAM sign-in settings (sparkfy.dbUser, sparkfy.autoCreate, sparkfy.dbGroups) and the S3 checksum switch
 * (sparkfy.s3Checksums) as a real goal reads them from the command line into the settings the engine gets.
 */
@MojoTest
@Basedir("/unit/precedence")
class SignInAndStoreSettingsMojoTest {

    private static final String POM = "classpath:/unit/precedence/pom.xml";

    @Test
    void theIamSettingsReachTheWarehouseSettings(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load)
            throws Exception {
        CommandLine.set(load, new Properties());
        assertEquals(IamSignIn.NONE, load.warehouseSettings().iam(), "unset: the driver's defaults");

        Properties cli = new Properties();
        cli.setProperty("sparkfy.dbUser", "etl_loader");
        cli.setProperty("sparkfy.autoCreate", "true");
        cli.setProperty("sparkfy.dbGroups", "loaders, analysts");
        CommandLine.set(load, cli);
        assertEquals(new IamSignIn("etl_loader", true, List.of("loaders", "analysts")),
                load.warehouseSettings().iam());
    }

    @Test
    void aHostileDbUserFailsNamingTheProperty(@InjectMojo(goal = "insert-dw", pom = POM) InsertDwMojo insert)
            throws Exception {
        Properties cli = new Properties();
        cli.setProperty("sparkfy.dbUser", "x\"; DROP TABLE users; --");
        CommandLine.set(insert, cli);
        SparkfyException e = assertThrows(SparkfyException.class, insert::warehouseSettings);
        assertTrue(e.getMessage().startsWith("sparkfy.dbUser 'x\"; DROP TABLE users; --' is not a Redshift user"
                + " name"), e.getMessage());

        cli = new Properties();
        cli.setProperty("sparkfy.autoCreate", "perhaps");
        CommandLine.set(insert, cli);
        SparkfyException bool = assertThrows(SparkfyException.class, insert::warehouseSettings);
        assertTrue(bool.getMessage().contains("sparkfy.autoCreate"), bool.getMessage());
    }

    @Test
    void checksumsAtAnEndpointOverrideAreOnlyTheRequiredOnesUnlessTurnedOn(
            @InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load) throws Exception {
        Properties cli = new Properties();
        cli.setProperty("sparkfy.s3Endpoint", "http://127.0.0.1:9000");
        CommandLine.set(load, cli);
        S3Options options = load.sources().s3Options();
        assertEquals(URI.create("http://127.0.0.1:9000"), options.endpoint());
        assertFalse(options.checksums());
        assertTrue(options.checksumsOnlyWhenRequired(), "an S3-compatible store gets the required checksums only");

        cli.setProperty("sparkfy.s3Checksums", "true");
        CommandLine.set(load, cli);
        options = load.sources().s3Options();
        assertTrue(options.checksums());
        assertFalse(options.checksumsOnlyWhenRequired(), "-Dsparkfy.s3Checksums=true turns the SDK's own back on");
    }
}
