package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.settings.WarehouseSettings;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Properties;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.execution.MavenSession;
import org.junit.jupiter.api.Test;

/** Command line over POM over config file over defaults, as the goals resolve them from a real POM. */
@MojoTest
@Basedir("/unit/precedence")
class PrecedenceMojoTest {

    private static final String POM = "classpath:/unit/precedence/pom.xml";

    @Test
    void pomOverConfigFileOverDefaults(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load) throws Exception {
        commandLine(load, new Properties());
        WarehouseSettings settings = load.warehouseSettings();
        assertEquals("jdbc:redshift://dwhcluster.abc123.us-west-2.redshift.amazonaws.com:5439/dwh", settings.url());
        assertEquals("pom_user", settings.user(), "the POM's user wins over DB_USER");
        assertEquals("File-Secret-1", settings.password(), "quotes stripped, from the config file");
        assertEquals("arn:aws:iam::123456789012:role/fileRole", settings.iamRole());
        List<StagingSource> sources = load.stagingSources();
        assertEquals("s3://udacity-dend/log_data", sources.get(0).location());
        assertEquals("s3://udacity-dend/log_json_path.json", sources.get(0).options().jsonPaths());
        assertEquals("s3://pom-bucket/songs", sources.get(1).location(), "the POM's <songs> wins over SONG_DATA");
        assertEquals("eu-west-1", sources.get(1).options().region());
        assertEquals(null, sources.get(0).options().region());
        assertEquals(0, sources.get(0).options().maxError());
        assertEquals("epochmillisecs", sources.get(0).options().timeFormat().copyText());
        assertEquals("auto", sources.get(1).options().timeFormat().copyText());
        assertFalse(settings.toString().contains("File-Secret-1"));
    }

    @Test
    void commandLineOverEverything(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load) throws Exception {
        Properties cli = new Properties();
        cli.setProperty("sparkfy.user", "cli_user");
        cli.setProperty("sparkfy.songData", "s3://cli-bucket/songs");
        cli.setProperty("sparkfy.region", "us-west-2");
        cli.setProperty("sparkfy.url", "jdbc:postgresql://localhost/cli");
        commandLine(load, cli);
        WarehouseSettings settings = load.warehouseSettings();
        assertEquals("jdbc:postgresql://localhost/cli", settings.url());
        assertEquals("cli_user", settings.user());
        List<StagingSource> sources = load.stagingSources();
        assertEquals("s3://cli-bucket/songs", sources.get(1).location());
        assertEquals("us-west-2", sources.get(1).options().region(), "-Dsparkfy.region outranks <songs><region>");
        assertEquals("us-west-2", sources.get(0).options().region());
        assertTrue(sources.get(0).location().startsWith("s3://udacity-dend/"), "unset on the command line: the file");
    }

    @Test
    void maxErrorAndTimeFormatForEverySource(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load)
            throws Exception {
        Properties cli = new Properties();
        cli.setProperty("sparkfy.maxError", "3");
        cli.setProperty("sparkfy.timeFormat", "epochsecs");
        commandLine(load, cli);
        for (StagingSource source : load.stagingSources()) {
            assertEquals(3, source.options().maxError(), source.table());
            assertEquals("epochsecs", source.options().timeFormat().copyText(), source.table());
        }
    }

    /** What Maven would hold as the session's user properties (-D on the command line). */
    private static void commandLine(AbstractWarehouseMojo mojo, Properties properties) throws Exception {
        MavenSession session = mock(MavenSession.class);
        when(session.getUserProperties()).thenReturn(properties);
        Field field = AbstractSparkfyMojo.class.getDeclaredField("session");
        field.setAccessible(true);
        field.set(mojo, session);
    }
}
