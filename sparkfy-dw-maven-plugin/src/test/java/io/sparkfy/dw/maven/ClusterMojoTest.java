package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.maven.GoalsMojoTest.CapturingLog;
import io.sparkfy.dw.testing.FakeAws;
import io.sparkfy.dw.testing.RecordingLog;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The cluster goals' settings from the seed's dwh.cfg, and the guard on deletion. */
@MojoTest
@Basedir("/unit/cluster")
class ClusterMojoTest {

    private static final String POM = "classpath:/unit/cluster/pom.xml";

    @Test
    void theSeedsDwhSectionGivesTheClusterAndThePomWins(
            @InjectMojo(goal = "cluster-create", pom = POM) ClusterCreateMojo create) {
        RecordingLog log = new RecordingLog();
        ClusterSettings settings = create.clusterSettings(log);
        assertEquals("dwhcluster", settings.clusterIdentifier());
        assertEquals("multi-node", settings.clusterType());
        assertEquals(3, settings.numberOfNodes(), "the POM's node count wins over DWH_NUM_NODES");
        assertEquals("dc2.large", settings.nodeType());
        assertEquals("dwhuser", settings.masterUser());
        assertEquals("Passw0rd-From-File", settings.masterPassword());
        assertEquals("dwhRole", settings.iamRoleName());
        assertNull(settings.accessKey(), "keys in dwh.cfg are not used by default");
        assertTrue(log.text().contains("credentials come from the SDK's default chain"), log.text());
        assertFalse(settings.toString().contains("Passw0rd-From-File"));
    }

    @Test
    void keysFromTheFileOnlyWhenAskedFor(@InjectMojo(goal = "cluster-status", pom = POM)
                                         @MojoParameter(name = "useConfigFileKeys", value = "true")
                                         ClusterStatusMojo status) {
        ClusterSettings settings = status.clusterSettings(new RecordingLog());
        assertEquals("AKIAEXAMPLEKEY", settings.accessKey());
        assertFalse(settings.toString().contains("Secret-From-File-1"));
    }

    @Test
    void createPrintsTheLoadGoalsSettingsAndWritesADwhCfgWithoutThePassword(
            @InjectMojo(goal = "cluster-create", pom = POM)
            @MojoParameter(name = "pollSeconds", value = "1") ClusterCreateMojo create) throws Exception {
        java.nio.file.Path written = java.nio.file.Files.createTempFile("dwh", ".cfg");
        try (FakeAws aws = new FakeAws()) {
            aws.scriptStatuses("dwhcluster", "creating", "available");
            set(create, AbstractClusterMojo.class, "awsEndpoint", aws.endpoint().toString());
            set(create, ClusterCreateMojo.class, "writeConfigFile", written.toFile());
            CapturingLog log = new CapturingLog();
            create.setLog(log);
            String before = System.getProperty("aws.accessKeyId");
            System.setProperty("aws.accessKeyId", "AKIATESTONLY");
            System.setProperty("aws.secretAccessKey", "test-secret");
            try {
                create.execute();
            } finally {
                System.clearProperty("aws.secretAccessKey");
                if (before == null) {
                    System.clearProperty("aws.accessKeyId");
                } else {
                    System.setProperty("aws.accessKeyId", before);
                }
            }
            String address = FakeAws.address("dwhcluster");
            assertTrue(log.infos.contains("-Dsparkfy.url=jdbc:redshift://" + address + ":5439/dwh"), log.infos.toString());
            assertTrue(log.infos.contains("-Dsparkfy.iamRole=" + FakeAws.roleArn("dwhRole")), log.infos.toString());
            String cfg = java.nio.file.Files.readString(written);
            assertTrue(cfg.contains("HOST=" + address) && cfg.contains("ARN='" + FakeAws.roleArn("dwhRole") + "'"), cfg);
            assertFalse(cfg.contains("Passw0rd-From-File"), "the password is never written");
            assertEquals("3", aws.single("CreateCluster").param("NumberOfNodes"));
            io.sparkfy.dw.settings.DwhConfig reread = io.sparkfy.dw.settings.DwhConfig.read(written);
            assertEquals("jdbc:redshift://" + address + ":5439/dwh", reread.settings().get(io.sparkfy.dw.settings.PropertyNames.URL),
                    "the load goals read what cluster-create wrote");
        }
    }

    private static void set(Object target, Class<?> owner, String field, Object value) throws Exception {
        java.lang.reflect.Field f = owner.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    @Test
    void pauseNeedsTheClusterIdAsConfirmationBeforeAnyAwsCall(
            @InjectMojo(goal = "cluster-pause", pom = POM) ClusterPauseMojo pause) throws Exception {
        try (FakeAws aws = new FakeAws()) {
            set(pause, AbstractClusterMojo.class, "awsEndpoint", aws.endpoint().toString());
            MojoFailureException e = assertThrows(MojoFailureException.class, pause::execute);
            assertEquals("cluster-pause stops cluster dwhcluster and ends every session on it: confirm with"
                    + " -Dsparkfy.confirm=dwhcluster", e.getMessage());
            assertEquals(List.of(), aws.actions(), "refused before any AWS call");
        }
    }

    @Test
    void pauseThenStatusThenResumeThroughTheGoals(
            @InjectMojo(goal = "cluster-pause", pom = POM)
            @MojoParameter(name = "confirm", value = "dwhcluster")
            @MojoParameter(name = "pollSeconds", value = "1") ClusterPauseMojo pause,
            @InjectMojo(goal = "cluster-status", pom = POM) ClusterStatusMojo status,
            @InjectMojo(goal = "cluster-resume", pom = POM)
            @MojoParameter(name = "pollSeconds", value = "1") ClusterResumeMojo resume) throws Exception {
        try (FakeAws aws = new FakeAws()) {
            aws.putCluster("dwhcluster", "available", "dc2.large", 3, "dwhRole");
            aws.scriptAfterPauseOrResume("dwhcluster", "paused"); // no poll to wait through: no real sleep
            CapturingLog log = new CapturingLog();
            String before = System.getProperty("aws.accessKeyId");
            System.setProperty("aws.accessKeyId", "AKIATESTONLY");
            System.setProperty("aws.secretAccessKey", "test-secret");
            try {
                for (AbstractClusterMojo mojo : List.of(pause, status, resume)) {
                    set(mojo, AbstractClusterMojo.class, "awsEndpoint", aws.endpoint().toString());
                    mojo.setLog(log);
                }
                pause.execute();
                status.execute();
                aws.scriptAfterPauseOrResume("dwhcluster", "available");
                resume.execute();
            } finally {
                System.clearProperty("aws.secretAccessKey");
                if (before == null) {
                    System.clearProperty("aws.accessKeyId");
                } else {
                    System.setProperty("aws.accessKeyId", before);
                }
            }
            assertTrue(log.infos.contains("cluster paused: its compute is not billed until mvn"
                    + " sparkfy-dw:cluster-resume"), log.infos.toString());
            assertTrue(log.infos.contains("status: paused, 3 x dc2.large (paused: compute is not billed;"
                    + " cluster-resume resumes it)"), log.infos.toString());
            assertTrue(log.infos.contains("cluster resumed: endpoint " + FakeAws.address("dwhcluster") + ":5439"),
                    log.infos.toString());
            assertEquals(1, aws.requests("PauseCluster").size());
            assertEquals(1, aws.requests("ResumeCluster").size());
        }
    }

    @Test
    void deleteNeedsTheClusterIdAsConfirmation(@InjectMojo(goal = "cluster-delete", pom = POM)
                                               @MojoParameter(name = "confirm", value = "yes") ClusterDeleteMojo delete) {
        MojoFailureException e = assertThrows(MojoFailureException.class, delete::execute);
        assertEquals("cluster-delete deletes cluster dwhcluster: confirm with -Dsparkfy.confirm=dwhcluster",
                e.getMessage());
    }
}
