package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.testing.RecordingLog;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Properties;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.junit.jupiter.api.Test;

/**
 * Command line over a source's block over POM over config file over defaults, as the goals resolve them from a real
 * POM; bad values fail naming where they were set.
 */
@MojoTest
@Basedir("/unit/precedence")
class PrecedenceMojoTest {

    private static final String POM = "classpath:/unit/precedence/pom.xml";
    private static final String CLUSTER_POM = "classpath:/unit/precedence/cluster-pom.xml";

    @Test
    void pomOverConfigFileOverDefaults(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load) throws Exception {
        CommandLine.set(load, new Properties());
        WarehouseSettings settings = load.warehouseSettings();
        assertEquals("jdbc:redshift://dwhcluster.abc123.us-west-2.redshift.amazonaws.com:5439/dwh", settings.url());
        assertEquals("pom_user", settings.user(), "the POM's user wins over DB_USER");
        assertEquals("File-Secret-1", settings.password(), "quotes stripped, from the config file");
        List<StagingSource> sources = load.stagingSources();
        assertEquals("arn:aws:iam::123456789012:role/fileRole", sources.get(0).options().iamRole(),
                "the role travels with the COPY options");
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
        CommandLine.set(load, cli);
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
        CommandLine.set(load, cli);
        for (StagingSource source : load.stagingSources()) {
            assertEquals(3, source.options().maxError(), source.table());
            assertEquals("epochsecs", source.options().timeFormat().copyText(), source.table());
        }
    }

    @Test
    void aSourcesOwnMaxErrorSitsBetweenTheCommandLineAndThePomWideValue(
            @InjectMojo(goal = "load-stg", pom = POM) @MojoParameter(name = "maxError", value = "2")
            LoadStgMojo load) throws Exception {
        CommandLine.set(load, new Properties());
        setSongsMaxError(load, "5");
        List<StagingSource> sources = load.stagingSources();
        assertEquals(2, sources.get(0).options().maxError(), "events: the POM-wide value");
        assertEquals(5, sources.get(1).options().maxError(), "songs: its own <maxError>");
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.MAX_ERROR, "7");
        CommandLine.set(load, cli);
        for (StagingSource source : load.stagingSources()) {
            assertEquals(7, source.options().maxError(), source.table());
        }
    }

    @Test
    void aBadMaxErrorNamesWhereItWasSet(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load)
            throws Exception {
        CommandLine.set(load, new Properties());
        setSongsMaxError(load, "lots");
        SparkfyException e = assertThrows(SparkfyException.class, load::stagingSources);
        assertEquals("<songs><maxError> must be a whole number from 0 to 100000, not 'lots'", e.getMessage());
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.MAX_ERROR, "x");
        CommandLine.set(load, cli);
        e = assertThrows(SparkfyException.class, load::stagingSources);
        assertEquals("sparkfy.maxError must be a whole number from 0 to 100000, not 'x'", e.getMessage());
    }

    @Test
    void theManifestPrefixIsAnS3UriParsedOnceAndABadOneNamesTheProperty(
            @InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load) throws Exception {
        CommandLine.set(load, new Properties());
        assertEquals(null, load.warehouseSettings().manifestPrefix(), "unset: Redshift reloads in full");
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.MANIFEST_PREFIX, "s3://dw-manifests/loads/");
        CommandLine.set(load, cli);
        assertEquals("s3://dw-manifests/loads/", load.warehouseSettings().manifestPrefix().toString());
        cli.setProperty(PropertyNames.MANIFEST_PREFIX, "/tmp/manifests");
        CommandLine.set(load, cli);
        SparkfyException e = assertThrows(SparkfyException.class, load::checkParameters);
        assertEquals("sparkfy.manifestPrefix: /tmp/manifests: not an S3 location; expected s3://bucket/prefix",
                e.getMessage());
        cli.setProperty(PropertyNames.MANIFEST_PREFIX, "s3://Bad_Bucket/x/");
        CommandLine.set(load, cli);
        e = assertThrows(SparkfyException.class, load::checkParameters);
        assertTrue(e.getMessage().startsWith("sparkfy.manifestPrefix: s3://Bad_Bucket/x/: the bucket name"),
                e.getMessage());
    }

    @Test
    void theClusterGoalsCommandLineBeatsThePomForEveryField(
            @InjectMojo(goal = "cluster-create", pom = CLUSTER_POM) ClusterCreateMojo status) throws Exception {
        CommandLine.set(status, new Properties());
        ClusterSettings pom = status.clusterSettings(new RecordingLog());
        assertEquals("us-west-2", pom.region());
        assertEquals("sg-pom", pom.vpcSecurityGroupId());
        assertEquals(Boolean.FALSE, pom.publiclyAccessible());
        assertEquals("http://pom.invalid", pom.endpoint().toString());
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.CLUSTER_REGION, "eu-west-1");
        cli.setProperty(PropertyNames.AWS_ENDPOINT, "http://cli.invalid");
        cli.setProperty(PropertyNames.VPC_SECURITY_GROUP_ID, "sg-cli");
        cli.setProperty(PropertyNames.PUBLICLY_ACCESSIBLE, "true");
        cli.setProperty(PropertyNames.NUMBER_OF_NODES, "3");
        CommandLine.set(status, cli);
        ClusterSettings settings = status.clusterSettings(new RecordingLog());
        assertEquals("eu-west-1", settings.region());
        assertEquals("sg-cli", settings.vpcSecurityGroupId());
        assertEquals(Boolean.TRUE, settings.publiclyAccessible());
        assertEquals("http://cli.invalid", settings.endpoint().toString());
        assertEquals(3, settings.numberOfNodes());
    }

    @Test
    void sparkfyRegionIsTheSourcesRegionOnlyAndAClusterGoalWithoutClusterRegionTakesTheSdks(
            @InjectMojo(goal = "cluster-status", pom = CLUSTER_POM) ClusterStatusMojo status) throws Exception {
        Field clusterRegion = AbstractClusterMojo.class.getDeclaredField("clusterRegion");
        clusterRegion.setAccessible(true);
        clusterRegion.set(status, null);
        status.sdkRegion = () -> "eu-north-1";
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.REGION, "ap-south-1"); // the load goals' source region, not the cluster's
        CommandLine.set(status, cli);
        RecordingLog log = new RecordingLog();
        assertEquals("eu-north-1", status.clusterSettings(log).region());
        assertTrue(log.text().contains("INFO sparkfy.clusterRegion is not set: region eu-north-1 from the SDK's"
                + " default chain"), log.text());
        assertTrue(log.text().contains("WARN sparkfy.region (ap-south-1) is the S3 region of the load goals; this"
                + " goal reads sparkfy.clusterRegion"), "a region typed for this goal is not taken, and it says so: "
                + log.text());

        status.sdkRegion = () -> null;
        SparkfyException e = assertThrows(SparkfyException.class, () -> status.clusterSettings(new RecordingLog()));
        assertEquals("Missing AWS region for cluster pomcluster: set sparkfy.clusterRegion (e.g. us-west-2) or the"
                + " SDK's default region (AWS_REGION, the profile's region)", e.getMessage());
        cli.setProperty(PropertyNames.CLUSTER_REGION, "ap-south-1");
        cli.setProperty(PropertyNames.PUBLICLY_ACCESSIBLE, "yes");
        e = assertThrows(SparkfyException.class, () -> status.clusterSettings(new RecordingLog()));
        assertEquals("sparkfy.publiclyAccessible must be true or false, not 'yes'", e.getMessage());
    }

    private static void setSongsMaxError(LoadStgMojo load, String value) throws Exception {
        Field songs = AbstractLoadMojo.class.getDeclaredField("songs");
        songs.setAccessible(true);
        SourceConfig config = (SourceConfig) songs.get(load);
        config.maxError = value;
    }

    @Test
    void aSwitchOnTheCommandLineWinsOverThePom(@InjectMojo(goal = "load-stg", pom = POM) LoadStgMojo load)
            throws Exception {
        CommandLine.set(load, new Properties());
        assertTrue(load.flag(PropertyNames.DRY_RUN, true), "unset on the command line: the POM's value");
        Properties cli = new Properties();
        cli.setProperty(PropertyNames.DRY_RUN, "false");
        cli.setProperty(PropertyNames.S3_PATH_STYLE, "true");
        cli.setProperty(PropertyNames.S3_ANONYMOUS, "yes");
        CommandLine.set(load, cli);
        assertFalse(load.flag(PropertyNames.DRY_RUN, true), "-Dsparkfy.dryRun=false over the POM's true");
        assertTrue(load.flag(PropertyNames.S3_PATH_STYLE, false));
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> load.flag(PropertyNames.S3_ANONYMOUS, false));
        assertEquals("sparkfy.s3Anonymous must be true or false, not 'yes'", e.getMessage());
    }
}
