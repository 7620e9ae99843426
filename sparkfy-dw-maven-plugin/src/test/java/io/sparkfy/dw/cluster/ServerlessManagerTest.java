package io.sparkfy.dw.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.testing.FakeRedshiftServerless;
import io.sparkfy.dw.testing.RecordingLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Serverless goals' engine against the in-process fake Redshift Serverless API, on a clock the waits move. */
class ServerlessManagerTest {

    private static final String NS = "sparkfy-ns";
    private static final String WG = "sparkfy-wg";
    private static final String PASSWORD = "Sup3rSecretPassw0rd";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T06:07:08Z"), ZoneOffset.UTC);

    private FakeRedshiftServerless aws;
    private RecordingLog log;
    private Ticker ticker;
    private final List<String> messages = new ArrayList<>();

    /** Moves only when slept on. */
    static final class Ticker implements ClusterManager.Ticker {
        final List<Duration> sleeps = new ArrayList<>();
        long nanos = 5_000_000_000L;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
            nanos += duration.toNanos();
        }
    }

    @BeforeEach
    void start() {
        aws = new FakeRedshiftServerless();
        log = new RecordingLog();
        ticker = new Ticker();
        System.setProperty("aws.accessKeyId", "AKIASERVERLESSTEST1");
        System.setProperty("aws.secretAccessKey", "serverless/Secret+KeyThatMustNeverShow");
    }

    @AfterEach
    void noSecretsAnywhere() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        aws.close();
        List<String> everything = new ArrayList<>(log.lines);
        everything.addAll(messages);
        for (String line : everything) {
            assertFalse(line.contains(PASSWORD), "password leaked: " + line);
        }
    }

    private ServerlessSettings.Builder settings() {
        return ServerlessSettings.builder().namespaceName(NS).workgroupName(WG).dbName("sparkify")
                .region("us-west-2").endpoint(aws.endpoint()).pollInterval(Duration.ofSeconds(15))
                .timeout(Duration.ofMinutes(30));
    }

    private ServerlessManager manager(ServerlessSettings settings) {
        return new ServerlessManager(settings, log, ticker);
    }

    private SparkfyException fails(org.junit.jupiter.api.function.Executable call) {
        SparkfyException e = assertThrows(SparkfyException.class, call);
        messages.add(e.getMessage());
        return e;
    }

    @Test
    void createsTheNamespaceWithAManagedPasswordAndTheWorkgroupAndWaitsUntilAvailable() {
        aws.scriptWorkgroup("CREATING", "CREATING", "AVAILABLE");
        ServerlessManager.CreateResult result;
        try (ServerlessManager manager = manager(settings().defaultIamRoleArn(
                "arn:aws:iam::123456789012:role/sparkfyRedshiftS3Read").baseCapacity(16).build())) {
            result = manager.create();
        }
        String address = FakeRedshiftServerless.address(WG);
        assertEquals(new ServerlessManager.CreateResult(true, true, address, 5439,
                "jdbc:redshift:iam://" + address + ":5439/sparkify", "redshift-data://workgroup/" + WG + "/sparkify",
                "arn:aws:secretsmanager:us-west-2:123456789012:secret:redshift!" + NS + "-admin-AbCdEf"), result);
        assertEquals(List.of("GetNamespace", "CreateNamespace", "GetNamespace", "GetWorkgroup", "CreateWorkgroup",
                "GetWorkgroup", "GetWorkgroup", "GetWorkgroup"), aws.actions());
        FakeRedshiftServerless.Request namespace = aws.single("CreateNamespace");
        assertEquals(true, namespace.get("manageAdminPassword"));
        assertNull(namespace.get("adminUserPassword"), "no password exists anywhere");
        assertEquals("sparkify", namespace.get("dbName"));
        assertEquals("admin", namespace.get("adminUsername"));
        assertEquals("arn:aws:iam::123456789012:role/sparkfyRedshiftS3Read", namespace.get("defaultIamRoleArn"));
        assertEquals(List.of("arn:aws:iam::123456789012:role/sparkfyRedshiftS3Read"), namespace.get("iamRoles"));
        FakeRedshiftServerless.Request workgroup = aws.single("CreateWorkgroup");
        assertEquals(NS, workgroup.get("namespaceName"));
        assertEquals(16L, workgroup.get("baseCapacity"));
        // two polls found it CREATING: two sleeps of the poll interval on the test's clock, none real
        assertEquals(List.of(Duration.ofSeconds(15), Duration.ofSeconds(15)), ticker.sleeps);
        assertTrue(log.text().contains("Workgroup sparkfy-wg is creating (waited 15s)"), log.text());
    }

    @Test
    void aGivenAdminPasswordIsSentButNeverLogged() {
        try (ServerlessManager manager = manager(settings().adminPassword(PASSWORD).build())) {
            assertNull(manager.create().adminSecretArn());
        }
        assertEquals(PASSWORD, aws.single("CreateNamespace").get("adminUserPassword"));
        assertNull(aws.single("CreateNamespace").get("manageAdminPassword"));
    }

    @Test
    void runAgainItChangesNothing() {
        aws.putNamespace(NS, "sparkify");
        aws.putWorkgroup(WG, NS, "AVAILABLE");
        try (ServerlessManager manager = manager(settings().build())) {
            ServerlessManager.CreateResult result = manager.create();
            assertFalse(result.namespaceCreated());
            assertFalse(result.workgroupCreated());
        }
        assertFalse(aws.actions().contains("CreateNamespace"));
        assertFalse(aws.actions().contains("CreateWorkgroup"));
        assertTrue(log.text().contains("Workgroup sparkfy-wg already exists (status AVAILABLE); nothing was changed"));
    }

    @Test
    void statusReportsBothAndTheNewestSnapshots() {
        aws.putNamespace(NS, "sparkify");
        aws.putWorkgroup(WG, NS, "AVAILABLE");
        aws.addSnapshot(NS, "older", Instant.parse("2026-01-01T00:00:00Z"));
        aws.addSnapshot(NS, "newer", Instant.parse("2026-02-01T00:00:00Z"));
        ServerlessManager.StatusResult status;
        try (ServerlessManager manager = manager(settings().build())) {
            status = manager.status();
        }
        assertEquals("AVAILABLE", status.namespaceStatus());
        assertEquals("AVAILABLE", status.workgroupStatus());
        assertEquals(FakeRedshiftServerless.address(WG), status.endpointAddress());
        assertEquals(8, status.baseCapacity());
        assertEquals(List.of("newer", "older"), status.snapshots().stream().map(ClusterManager.Snapshot::identifier)
                .toList());
    }

    @Test
    void statusOfAMissingNamespaceIsAClearError() {
        try (ServerlessManager manager = manager(settings().build())) {
            assertEquals("Namespace sparkfy-ns does not exist in region us-west-2 (ResourceNotFound)",
                    fails(manager::status).getMessage());
        }
    }

    @Test
    void deleteRemovesTheWorkgroupThenTheNamespaceAfterAFinalSnapshot() {
        aws.putNamespace(NS, "sparkify");
        aws.putWorkgroup(WG, NS, "AVAILABLE");
        aws.deletingPolls(2);
        ServerlessManager.DeleteResult result;
        try (ServerlessManager manager = manager(settings().build())) {
            result = manager.delete(false, CLOCK);
        }
        assertEquals(new ServerlessManager.DeleteResult(true, true, NS + "-final-20260301-060708"), result);
        assertEquals(NS + "-final-20260301-060708", aws.single("DeleteNamespace").get("finalSnapshotName"));
        List<String> actions = aws.actions();
        assertTrue(actions.indexOf("DeleteWorkgroup") < actions.indexOf("DeleteNamespace"), actions.toString());
        assertFalse(aws.hasNamespace(NS));
        assertEquals(List.of(NS + "-final-20260301-060708"), aws.snapshotNames());
    }

    @Test
    void deleteWithoutASnapshotSaysSoAndWhatIsGoneIsNoError() {
        aws.putNamespace(NS, "sparkify");
        try (ServerlessManager manager = manager(settings().build())) {
            ServerlessManager.DeleteResult result = manager.delete(true, CLOCK);
            assertEquals(new ServerlessManager.DeleteResult(false, true, null), result);
            assertNull(aws.single("DeleteNamespace").get("finalSnapshotName"));
            assertEquals(new ServerlessManager.DeleteResult(false, false, null), manager.delete(false, CLOCK));
        }
        assertTrue(log.text().contains("WARN Deleting namespace sparkfy-ns WITHOUT a final snapshot"), log.text());
        assertTrue(aws.snapshotNames().isEmpty());
    }

    @Test
    void aWorkgroupOfAnotherNamespaceIsNeverDeleted() {
        aws.putNamespace(NS, "sparkify");
        aws.putWorkgroup(WG, "someone-elses", "AVAILABLE");
        try (ServerlessManager manager = manager(settings().build())) {
            assertEquals("Workgroup sparkfy-wg belongs to namespace someone-elses, not sparkfy-ns; nothing was"
                    + " deleted", fails(() -> manager.delete(false, CLOCK)).getMessage());
        }
        assertFalse(aws.actions().contains("DeleteWorkgroup"));
        assertFalse(aws.actions().contains("DeleteNamespace"));
    }

    @Test
    void aTimeoutNamesTheLastStatusAndNeverSleepsPastIt() {
        aws.scriptWorkgroup("CREATING");
        try (ServerlessManager manager = manager(settings().pollInterval(Duration.ofSeconds(40))
                .timeout(Duration.ofMinutes(1)).build())) {
            String message = fails(manager::create).getMessage();
            assertTrue(message.startsWith("Timed out after 1 min waiting for workgroup sparkfy-wg to become available;"
                    + " last status was CREATING"), message);
        }
        assertEquals(List.of(Duration.ofSeconds(40), Duration.ofSeconds(20)), ticker.sleeps);
    }

    @Test
    void awsErrorsAreClearAndNameTheAction() {
        aws.failNext("CreateNamespace", 400, "AccessDeniedException", "not authorized");
        try (ServerlessManager manager = manager(settings().build())) {
            String message = fails(manager::create).getMessage();
            assertTrue(message.startsWith("CreateNamespace was denied for namespace sparkfy-ns (AccessDeniedException,"
                    + " HTTP 400): not authorized"), message);
        }
    }

    @Test
    void badSettingsFailBeforeAnyCall() {
        assertEquals("Invalid base capacity 12 for workgroup sparkfy-wg: use 8 to 1024 RPUs in steps of 8",
                assertThrows(SparkfyException.class, () -> settings().baseCapacity(12).build()).getMessage());
        assertEquals("Invalid namespace name 'Sparkfy': use 3 to 64 lowercase letters, digits and hyphens",
                assertThrows(SparkfyException.class, () -> settings().namespaceName("Sparkfy").build()).getMessage());
        SparkfyException weak = assertThrows(SparkfyException.class, () -> settings().adminPassword("weak").build());
        assertTrue(weak.getMessage().startsWith("Invalid master password for namespace sparkfy-ns"), weak.getMessage());
        assertTrue(aws.actions().isEmpty());
    }
}
