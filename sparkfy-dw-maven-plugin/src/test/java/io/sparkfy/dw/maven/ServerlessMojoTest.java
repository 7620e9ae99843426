package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.cluster.ServerlessSettings;
import io.sparkfy.dw.maven.GoalsMojoTest.CapturingLog;
import io.sparkfy.dw.testing.FakeRedshiftServerless;
import io.sparkfy.dw.testing.RecordingLog;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** The Serverless goals: their settings, the guard on deletion, and a create run printing the URLs. */
@MojoTest
@Basedir("/unit/serverless")
class ServerlessMojoTest {

    private static final String POM = "classpath:/unit/serverless/pom.xml";

    @Test
    void thePomNamesTheNamespaceAndWorkgroupAndNoPasswordMeansAManagedOne(
            @InjectMojo(goal = "serverless-create", pom = POM) ServerlessCreateMojo create) {
        ServerlessSettings settings = create.serverlessSettings(new RecordingLog());
        assertEquals("sparkfy-ns", settings.namespaceName());
        assertEquals("sparkfy-wg", settings.workgroupName());
        assertEquals(16, settings.baseCapacity());
        assertEquals("dev", settings.dbName());
        assertEquals("admin", settings.adminUser());
        assertNull(settings.adminPassword());
    }

    @Test
    void createPrintsTheIamAndDataApiUrls(@InjectMojo(goal = "serverless-create", pom = POM)
                                           ServerlessCreateMojo create) throws Exception {
        try (FakeRedshiftServerless aws = new FakeRedshiftServerless()) {
            java.lang.reflect.Field endpoint = AbstractServerlessMojo.class.getDeclaredField("awsEndpoint");
            endpoint.setAccessible(true);
            endpoint.set(create, aws.endpoint().toString());
            aws.scriptWorkgroup("AVAILABLE");
            CapturingLog log = new CapturingLog();
            create.setLog(log);
            System.setProperty("aws.accessKeyId", "AKIATESTONLY");
            System.setProperty("aws.secretAccessKey", "test-secret");
            try {
                create.execute();
            } finally {
                System.clearProperty("aws.accessKeyId");
                System.clearProperty("aws.secretAccessKey");
            }
            String address = FakeRedshiftServerless.address("sparkfy-wg");
            assertTrue(log.infos.contains("-Dsparkfy.url=jdbc:redshift:iam://" + address + ":5439/dev   (IAM sign-in"
                    + " over JDBC)"), log.infos.toString());
            assertTrue(log.infos.contains("-Dsparkfy.url=redshift-data://workgroup/sparkfy-wg/dev   (the Data API: no"
                    + " network path needed)"), log.infos.toString());
            assertEquals(true, aws.single("CreateNamespace").get("manageAdminPassword"));
        }
    }

    @Test
    void deleteNeedsTheNamespaceAsConfirmation(@InjectMojo(goal = "serverless-delete", pom = POM)
                                               @MojoParameter(name = "confirm", value = "sparkfy-wg")
                                               ServerlessDeleteMojo delete) {
        MojoFailureException e = assertThrows(MojoFailureException.class, delete::execute);
        assertEquals("serverless-delete deletes namespace sparkfy-ns and its workgroup sparkfy-wg: confirm with"
                + " -Dsparkfy.confirm=sparkfy-ns", e.getMessage());
    }
}
