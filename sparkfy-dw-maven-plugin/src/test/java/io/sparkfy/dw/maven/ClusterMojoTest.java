package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.cluster.ClusterSettings;
import io.sparkfy.dw.testing.RecordingLog;
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
    void deleteNeedsTheClusterIdAsConfirmation(@InjectMojo(goal = "cluster-delete", pom = POM)
                                               @MojoParameter(name = "confirm", value = "yes") ClusterDeleteMojo delete) {
        MojoFailureException e = assertThrows(MojoFailureException.class, delete::execute);
        assertEquals("cluster-delete deletes cluster dwhcluster: confirm with -Dsparkfy.confirm=dwhcluster",
                e.getMessage());
    }
}
