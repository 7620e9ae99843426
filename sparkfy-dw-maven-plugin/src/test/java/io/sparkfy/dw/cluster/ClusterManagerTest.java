package io.sparkfy.dw.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.cluster.ClusterManager.CreateResult;
import io.sparkfy.dw.cluster.ClusterManager.DeleteResult;
import io.sparkfy.dw.cluster.ClusterManager.Snapshot;
import io.sparkfy.dw.cluster.ClusterManager.StatusResult;
import io.sparkfy.dw.testing.FakeAws;
import io.sparkfy.dw.testing.RecordingLog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ClusterManagerTest {

    private static final String CLUSTER = "sparkfy-dw";
    private static final String ROLE = "sparkfyRedshiftS3Read";
    private static final String PASSWORD = "Sup3rSecretPassw0rd";
    private static final String ACCESS_KEY = "AKIAFAKEKEY123";
    private static final String SECRET_KEY = "fakeSecret/Key+ThatMustNeverShow0";

    private FakeAws aws;
    private RecordingLog log;
    private final List<String> messages = new ArrayList<>();

    @BeforeEach
    void start() {
        aws = new FakeAws();
        log = new RecordingLog();
    }

    @AfterEach
    void noSecretsAnywhere() {
        aws.close();
        List<String> everything = new ArrayList<>(log.lines);
        everything.addAll(messages);
        for (String line : everything) {
            assertFalse(line.contains(PASSWORD), "password leaked: " + line);
            assertFalse(line.contains(SECRET_KEY), "secret key leaked: " + line);
        }
    }

    private ClusterSettings settings() {
        return settings(aws.endpoint(), Duration.ofSeconds(10));
    }

    private ClusterSettings settings(URI endpoint, Duration timeout) {
        return new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "sparkify", "awsuser", PASSWORD, 5439, ROLE,
                "us-west-2", endpoint, "sg-0a1b2c3d", true, ACCESS_KEY, SECRET_KEY, Duration.ofMillis(10), timeout);
    }

    private SparkfyException fails(Executable call) {
        SparkfyException e = assertThrows(SparkfyException.class, call);
        messages.add(e.getMessage());
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return e;
    }

    private static Map<String, String> withoutEnvelope(Map<String, String> params) {
        Map<String, String> copy = new TreeMap<>(params);
        copy.remove("Action");
        copy.remove("Version");
        return copy;
    }

    // ---- create ----

    @Test
    void createsRoleAndClusterWithExactParametersAndWaitsUntilAvailable() {
        aws.scriptStatuses(CLUSTER, "creating", "creating", "available");
        CreateResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.create();
        }

        assertEquals(new CreateResult(true, true, FakeAws.address(CLUSTER), 5439, FakeAws.roleArn(ROLE),
                "jdbc:redshift://" + FakeAws.address(CLUSTER) + ":5439/sparkify"), result);
        assertEquals(List.of("DescribeClusters", "GetRole", "CreateRole", "AttachRolePolicy", "CreateCluster",
                "DescribeClusters", "DescribeClusters", "DescribeClusters"), aws.actions());

        Map<String, String> expected = new TreeMap<>();
        expected.put("ClusterIdentifier", CLUSTER);
        expected.put("NodeType", "dc2.large");
        expected.put("NumberOfNodes", "2");
        expected.put("ClusterType", "multi-node");
        expected.put("DBName", "sparkify");
        expected.put("MasterUsername", "awsuser");
        expected.put("MasterUserPassword", PASSWORD);
        expected.put("Port", "5439");
        expected.put("IamRoles.IamRoleArn.1", FakeAws.roleArn(ROLE));
        expected.put("DefaultIamRoleArn", FakeAws.roleArn(ROLE)); // so COPY's IAM_ROLE default works
        expected.put("VpcSecurityGroupIds.VpcSecurityGroupId.1", "sg-0a1b2c3d");
        expected.put("PubliclyAccessible", "true");
        assertEquals(expected, withoutEnvelope(aws.single("CreateCluster").params()));

        FakeAws.Request createRole = aws.single("CreateRole");
        assertEquals(ROLE, createRole.param("RoleName"));
        String policy = createRole.param("AssumeRolePolicyDocument");
        assertTrue(policy.contains("\"Principal\":{\"Service\":\"redshift.amazonaws.com\"}"), policy);
        assertTrue(policy.contains("\"Action\":\"sts:AssumeRole\""), policy);
        assertTrue(policy.contains("\"Effect\":\"Allow\""), policy);
        assertEquals(Map.of("RoleName", ROLE, "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
                withoutEnvelope(aws.single("AttachRolePolicy").params()));
        assertEquals(Map.of("RoleName", ROLE), withoutEnvelope(aws.single("GetRole").params()));
        assertEquals(Map.of("ClusterIdentifier", CLUSTER),
                withoutEnvelope(aws.requests("DescribeClusters").get(0).params()));
        assertEquals(Map.of("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess", 1),
                Map.of(aws.attachedPolicies(ROLE).iterator().next(), aws.attachedPolicies(ROLE).size()));

        // The static keys sign the requests (the access key id is in the header, the secret never is).
        String authorization = aws.single("CreateCluster").authorization();
        assertTrue(authorization.contains("Credential=" + ACCESS_KEY + "/"), authorization);
        assertFalse(authorization.contains(SECRET_KEY));

        // Polling is visible: two "creating" lines, then the endpoint.
        long creatingLines = log.lines.stream()
                .filter(l -> l.startsWith("INFO Cluster " + CLUSTER + " is creating (waited ")).count();
        assertEquals(2, creatingLines, log.text());
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER + " is available at " + FakeAws.address(CLUSTER)
                + ":5439"), log.text());
        assertTrue(log.lines.contains("INFO Created IAM role " + ROLE + " (" + FakeAws.roleArn(ROLE) + ")"),
                log.text());
    }

    @Test
    void singleNodeClusterOmitsNumberOfNodesAndOptionalSettings() {
        ClusterSettings single = new ClusterSettings(CLUSTER, "single-node", 1, "ra3.large", "dev", "awsuser",
                PASSWORD, 5439, ROLE, "us-west-2", aws.endpoint(), null, null, ACCESS_KEY, SECRET_KEY,
                Duration.ofMillis(10), Duration.ofSeconds(10));
        try (ClusterManager manager = new ClusterManager(single, log)) {
            assertTrue(manager.create().created());
        }
        Map<String, String> sent = aws.single("CreateCluster").params();
        assertEquals("single-node", sent.get("ClusterType"));
        assertFalse(sent.containsKey("NumberOfNodes"), sent.toString());
        assertFalse(sent.keySet().stream().anyMatch(k -> k.startsWith("VpcSecurityGroupIds")), sent.toString());
        assertFalse(sent.containsKey("PubliclyAccessible"), sent.toString());
    }

    @Test
    void existingRoleIsReusedAndThePolicyAttachedAgain() {
        aws.putRole(ROLE);
        CreateResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.create();
        }
        assertTrue(result.created());
        assertFalse(result.roleCreated());
        assertEquals(FakeAws.roleArn(ROLE), result.roleArn());
        assertTrue(aws.requests("CreateRole").isEmpty(), aws.actions().toString());
        assertEquals(1, aws.requests("AttachRolePolicy").size());
        assertTrue(log.text().contains("Reusing IAM role " + ROLE), log.text());
    }

    @Test
    void rerunAgainstAnExistingClusterChangesNothingAndSaysSo() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.putRole(ROLE);
        CreateResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.create();
        }
        assertEquals(new CreateResult(false, false, FakeAws.address(CLUSTER), 5439, FakeAws.roleArn(ROLE),
                "jdbc:redshift://" + FakeAws.address(CLUSTER) + ":5439/sparkify"), result);
        assertEquals(List.of("DescribeClusters"), aws.actions(), "only a read, no IAM or cluster change");
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER
                + " already exists (status available); nothing was changed"), log.text());
        // Seeded like a cluster an older version made: no default role, which the rerun says and leaves alone.
        assertTrue(log.lines.contains("WARN Cluster " + CLUSTER + " has no default IAM role, so COPY ... IAM_ROLE"
                + " default fails on it: set -Dsparkfy.iamRole=" + FakeAws.roleArn(ROLE) + ", or make the role the"
                + " default (console, or aws redshift modify-cluster-iam-roles --default-iam-role-arn)"), log.text());
    }

    @Test
    void aClusterThisGoalCreatedHasTheRoleAsItsDefaultSoARerunDoesNotWarn() {
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            manager.create();
        }
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            assertFalse(manager.create().created());
        }
        assertEquals(FakeAws.roleArn(ROLE), aws.single("CreateCluster").param("DefaultIamRoleArn"));
        assertFalse(log.text().contains("has no default IAM role"), log.text());
    }

    @Test
    void createWithoutPasswordIsRefusedBeforeAnyChange() {
        ClusterSettings noPassword = new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "dev", "awsuser",
                null, 5439, ROLE, "us-west-2", aws.endpoint(), null, null, ACCESS_KEY, SECRET_KEY,
                Duration.ofMillis(10), Duration.ofSeconds(1));
        try (ClusterManager manager = new ClusterManager(noPassword, log)) {
            assertEquals("A master password is needed to create cluster " + CLUSTER,
                    fails(manager::create).getMessage());
        }
        assertEquals(List.of("DescribeClusters"), aws.actions());
    }

    // ---- status ----

    @Test
    void statusReportsStateEndpointSizeAndTheFiveNewestSnapshots() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 4, ROLE);
        Instant base = Instant.parse("2024-05-01T10:00:00Z");
        for (int i = 0; i < 7; i++) {
            aws.addSnapshot(CLUSTER, "snap-" + i, base.plus(Duration.ofDays(i)), i == 6 ? "creating" : "available");
        }
        aws.addSnapshot("other-cluster", "other-snap", base.plus(Duration.ofDays(30)), "available");

        StatusResult status;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            status = manager.status();
        }
        assertEquals("available", status.status());
        assertEquals(FakeAws.address(CLUSTER), status.endpointAddress());
        assertEquals(5439, status.endpointPort());
        assertEquals("dc2.large", status.nodeType());
        assertEquals(4, status.numberOfNodes());
        assertEquals(List.of(
                new Snapshot("snap-6", base.plus(Duration.ofDays(6)), "creating"),
                new Snapshot("snap-5", base.plus(Duration.ofDays(5)), "available"),
                new Snapshot("snap-4", base.plus(Duration.ofDays(4)), "available"),
                new Snapshot("snap-3", base.plus(Duration.ofDays(3)), "available"),
                new Snapshot("snap-2", base.plus(Duration.ofDays(2)), "available")), status.snapshots());
        assertEquals(CLUSTER, aws.single("DescribeClusterSnapshots").param("ClusterIdentifier"));
        assertTrue(log.text().contains("Cluster " + CLUSTER + " is available at " + FakeAws.address(CLUSTER)
                + ":5439, 4 x dc2.large, 7 snapshot(s)"), log.text());
    }

    @Test
    void statusOfACreatingClusterHasNoEndpoint() {
        aws.putCluster(CLUSTER, "creating", "dc2.large", 2, ROLE);
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            StatusResult status = manager.status();
            assertEquals("creating", status.status());
            assertNull(status.endpointAddress());
            assertNull(status.endpointPort());
            assertEquals(List.of(), status.snapshots());
        }
    }

    @Test
    void statusOfAMissingClusterIsAClearError() {
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            assertEquals("Cluster sparkfy-dw does not exist in region us-west-2 (ClusterNotFound)",
                    fails(manager::status).getMessage());
        }
    }

    // ---- delete ----

    @Test
    void deleteTakesAFinalSnapshotNamedFromTheClockAndWaitsUntilGone() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.putRole(ROLE);
        aws.deletingPolls(2);
        Clock clock = Clock.fixed(Instant.parse("2024-03-05T14:07:09Z"), ZoneOffset.ofHours(5));
        DeleteResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.delete(false, false, clock);
        }
        assertEquals(new DeleteResult(true, "sparkfy-dw-final-20240305-140709", false), result);
        assertEquals(Map.of("ClusterIdentifier", CLUSTER, "SkipFinalClusterSnapshot", "false",
                "FinalClusterSnapshotIdentifier", "sparkfy-dw-final-20240305-140709"),
                withoutEnvelope(aws.single("DeleteCluster").params()));
        assertEquals(List.of("DescribeClusters", "DeleteCluster", "DescribeClusters", "DescribeClusters",
                "DescribeClusters"), aws.actions());
        assertFalse(aws.clusterExists(CLUSTER));
        assertEquals(List.of("sparkfy-dw-final-20240305-140709"), aws.snapshotIds(CLUSTER));
        assertTrue(aws.roleExists(ROLE), "role kept unless asked");
        assertEquals(2, log.lines.stream().filter(l -> l.startsWith("INFO Cluster " + CLUSTER + " is deleting"))
                .count(), log.text());
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER
                + " is deleted; final snapshot sparkfy-dw-final-20240305-140709"), log.text());
    }

    @Test
    void deleteCanSkipTheFinalSnapshotAndDeleteTheRole() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.putRole(ROLE, ClusterManager.S3_READ_ONLY_POLICY_ARN);
        DeleteResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.delete(true, true, Clock.systemUTC());
        }
        assertEquals(new DeleteResult(true, null, true), result);
        FakeAws.Request delete = aws.single("DeleteCluster");
        assertEquals("true", delete.param("SkipFinalClusterSnapshot"));
        assertFalse(delete.params().containsKey("FinalClusterSnapshotIdentifier"));
        assertFalse(aws.roleExists(ROLE));
        assertTrue(log.text().contains("WITHOUT a final snapshot"), log.text());
        assertTrue(log.lines.contains("INFO Deleted IAM role " + ROLE), log.text());
    }

    @Test
    void deleteDetachesThePolicyBeforeDeletingTheRole() {
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            manager.create();
            assertEquals(List.of("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
                    List.copyOf(aws.attachedPolicies(ROLE)));
            DeleteResult result = manager.delete(true, true, Clock.systemUTC());
            assertEquals(new DeleteResult(true, null, true), result);
        }
        List<String> actions = aws.actions();
        int detach = actions.indexOf("DetachRolePolicy");
        int deleteRole = actions.indexOf("DeleteRole");
        assertTrue(detach > actions.lastIndexOf("DescribeClusters") && deleteRole == detach + 1, actions.toString());
        assertEquals(Map.of("RoleName", ROLE, "PolicyArn", "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"),
                withoutEnvelope(aws.single("DetachRolePolicy").params()));
        assertEquals(Map.of("RoleName", ROLE), withoutEnvelope(aws.single("DeleteRole").params()));
        assertFalse(aws.roleExists(ROLE));
        assertFalse(aws.clusterExists(CLUSTER));
    }

    @Test
    void deletingAMissingClusterIsHarmlessSoAHalfDoneDeleteCanBeRerun() {
        aws.putRole(ROLE);
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            assertEquals(new DeleteResult(false, null, true), manager.delete(false, true, Clock.systemUTC()));
        }
        assertTrue(aws.requests("DeleteCluster").isEmpty());
        assertTrue(log.lines.contains("WARN Cluster " + CLUSTER + " does not exist; there is no cluster to delete"),
                log.text());
    }

    // ---- errors ----

    @Test
    void clusterAlreadyExistsAsARaceIsAClearError() {
        aws.failNext("CreateCluster", 400, "ClusterAlreadyExists", "Cluster already exists");
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            String message = fails(manager::create).getMessage();
            assertEquals("CreateCluster failed: cluster sparkfy-dw already exists (ClusterAlreadyExists, HTTP 400):"
                    + " Cluster already exists. Another run created it meanwhile; run the goal again to reuse it"
                + "; the IAM role sparkfyRedshiftS3Read created by this run is kept (a re-run reuses it; cluster-delete -Dsparkfy.deleteRole=true removes it)",
                    message);
        }
    }

    @Test
    void quotaExceededNamesTheClusterAndTheCode() {
        aws.failNext("CreateCluster", 400, "ClusterQuotaExceeded",
                "The request would exceed the allowed number of clusters for this account.");
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            String message = fails(manager::create).getMessage();
            assertTrue(message.startsWith("CreateCluster failed for cluster sparkfy-dw: an AWS account quota is"
                    + " reached (ClusterQuotaExceeded, HTTP 400)"), message);
            assertTrue(message.contains("ask AWS for a higher limit"), message);
            assertTrue(message.endsWith("the IAM role sparkfyRedshiftS3Read created by this run is kept (a re-run"
                    + " reuses it; cluster-delete -Dsparkfy.deleteRole=true removes it)"), message);
        }
    }

    @Test
    void accessDeniedNamesTheActionAndTheGivenKeys() {
        aws.failNext("CreateRole", 403, "AccessDenied",
                "User: arn:aws:iam::123456789012:user/dev is not authorized to perform: iam:CreateRole");
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            String message = fails(manager::create).getMessage();
            assertTrue(message.startsWith("CreateRole was denied for IAM role sparkfyRedshiftS3Read (AccessDenied,"
                    + " HTTP 403)"), message);
            assertTrue(message.contains("credentials from the access key " + ACCESS_KEY + " given in the settings"),
                    message);
        }
        assertTrue(aws.requests("CreateCluster").isEmpty());
    }

    @Test
    void unauthorizedOperationWithTheDefaultChainSaysSo() {
        // System properties are the default chain's first source; set and restore them around this test only.
        String oldId = System.getProperty("aws.accessKeyId");
        String oldSecret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "AKIACHAINKEY");
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        try {
            aws.failNext("CreateCluster", 403, "UnauthorizedOperation", "You are not authorized to create clusters.");
            ClusterSettings chain = new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "dev", "awsuser",
                    PASSWORD, 5439, ROLE, "us-west-2", aws.endpoint(), null, null, null, null, Duration.ofMillis(10),
                    Duration.ofSeconds(1));
            try (ClusterManager manager = new ClusterManager(chain, log)) {
                String message = fails(manager::create).getMessage();
                assertTrue(message.startsWith("CreateCluster was denied for cluster sparkfy-dw"
                        + " (UnauthorizedOperation, HTTP 403)"), message);
                assertTrue(message.contains("credentials from the SDK default credential chain"), message);
            }
            assertTrue(aws.single("CreateCluster").authorization().contains("Credential=AKIACHAINKEY/"));
        } finally {
            restore("aws.accessKeyId", oldId);
            restore("aws.secretAccessKey", oldSecret);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void invalidParameterValueCarriesAwsExplanation() {
        aws.failNext("CreateCluster", 400, "InvalidParameterValue", "Invalid node type: dc2.large is retired.");
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            assertEquals("AWS rejected CreateCluster for cluster sparkfy-dw as invalid (InvalidParameterValue,"
                    + " HTTP 400): Invalid node type: dc2.large is retired.. Check the cluster settings"
                + "; the IAM role sparkfyRedshiftS3Read created by this run is kept (a re-run reuses it; cluster-delete -Dsparkfy.deleteRole=true removes it)",
                    fails(manager::create).getMessage());
        }
    }

    @Test
    void anAwsMessageEchoingThePasswordIsRedacted() {
        aws.failNext("CreateCluster", 400, "InvalidParameterValue", "Bad MasterUserPassword " + PASSWORD);
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            SparkfyException e = fails(manager::create);
            assertTrue(e.getMessage().contains("Bad MasterUserPassword ****"), e.getMessage());
            assertNull(e.getCause(), "the SDK exception would carry the password");
        }
    }

    @Test
    void throttledRequestsAreRetriedByTheSdkThenSucceed() {
        aws.throttleNext("CreateCluster");
        aws.throttleNext("GetRole");
        CreateResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            result = manager.create();
        }
        assertTrue(result.created());
        assertEquals(2, aws.requests("CreateCluster").size(), aws.actions().toString());
        assertEquals(2, aws.requests("GetRole").size(), aws.actions().toString());
        assertEquals(aws.requests("CreateCluster").get(0).params(), aws.requests("CreateCluster").get(1).params());
        assertTrue(aws.clusterExists(CLUSTER));
    }

    @Test
    void persistentThrottlingEndsWithAClearMessage() {
        for (int i = 0; i < 10; i++) {
            aws.throttleNext("DescribeClusters");
        }
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            String message = fails(manager::status).getMessage();
            assertTrue(message.startsWith("DescribeClusters for cluster sparkfy-dw was still throttled by AWS after"
                    + " the SDK's retries (Throttling, HTTP 400)"), message);
        }
        assertTrue(aws.requests("DescribeClusters").size() > 1, "retried before giving up");
    }

    @Test
    void timeoutWhileCreatingNamesTheLastStatus() {
        aws.scriptStatuses(CLUSTER, "creating");
        ClusterSettings slowPolls = new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "sparkify", "awsuser",
                PASSWORD, 5439, ROLE, "us-west-2", aws.endpoint(), "sg-0a1b2c3d", true, ACCESS_KEY, SECRET_KEY,
                Duration.ofMillis(40), Duration.ofMillis(150));
        FakeTicker ticker = new FakeTicker();
        try (ClusterManager manager = new ClusterManager(slowPolls, log, ticker)) {
            String message = fails(manager::create).getMessage();
            assertTrue(message.startsWith("Timed out after 150ms waiting for cluster sparkfy-dw to become available;"
                    + " last status was creating"), message);
        }
        // A poll every 40 ms of the clock the waits read, the last sleep cut to the 150 ms deadline, a last poll
        // at the deadline: the existence check, then 5 polls, and no sleep past the timeout.
        assertEquals(List.of(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofMillis(40),
                Duration.ofMillis(30)), ticker.sleeps);
        assertEquals(6, aws.requests("DescribeClusters").size(), aws.actions().toString());
        assertEquals(List.of("0ms", "40ms", "80ms", "120ms", "150ms"), log.lines.stream()
                .filter(l -> l.startsWith("INFO Cluster " + CLUSTER + " is creating (waited "))
                .map(l -> l.substring(l.indexOf("(waited ") + 8, l.length() - 1)).toList(), log.text());
    }

    // ---- pause and resume ----

    private static List<String> waitedLines(RecordingLog log, String status) {
        return log.lines.stream().filter(l -> l.startsWith("INFO Cluster " + CLUSTER + " is " + status + " (waited "))
                .map(l -> l.substring(l.indexOf("(waited ") + 8, l.length() - 1)).toList();
    }

    @Test
    void pauseAsksAwsOnceAndWaitsWithProgressUntilPaused() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.scriptAfterPauseOrResume(CLUSTER, "pausing", "pausing", "paused");
        FakeTicker ticker = new FakeTicker();
        ClusterManager.PauseResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log, ticker)) {
            result = manager.pause();
        }
        assertEquals(new ClusterManager.PauseResult(true, "paused", null, null), result);
        assertEquals(List.of("DescribeClusters", "PauseCluster", "DescribeClusters", "DescribeClusters",
                "DescribeClusters"), aws.actions());
        assertEquals(Map.of("ClusterIdentifier", CLUSTER), withoutEnvelope(aws.single("PauseCluster").params()));
        // Each poll says where it stands, on the injected clock: no real waiting.
        assertEquals(List.of("0ms", "10ms"), waitedLines(log, "pausing"), log.text());
        assertEquals(List.of(Duration.ofMillis(10), Duration.ofMillis(10)), ticker.sleeps);
        assertTrue(log.lines.contains("INFO PauseCluster for cluster " + CLUSTER), log.text());
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER + " is paused"), log.text());
    }

    @Test
    void pausingAPausedClusterChangesNothingAndOneBeingPausedIsWaitedFor() {
        aws.putCluster(CLUSTER, "paused", "dc2.large", 2, ROLE);
        try (ClusterManager manager = new ClusterManager(settings(), log, new FakeTicker())) {
            assertFalse(manager.pause().changed());
        }
        assertEquals(List.of("DescribeClusters"), aws.actions(), "only a read");
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER + " is already paused; nothing was changed"),
                log.text());

        aws.putCluster("other", "pausing", "dc2.large", 2, ROLE);
        aws.scriptStatuses("other", "pausing", "paused");
        ClusterSettings other = new ClusterSettings("other", "multi-node", 2, "dc2.large", "sparkify", "awsuser",
                PASSWORD, 5439, ROLE, "us-west-2", aws.endpoint(), null, null, ACCESS_KEY, SECRET_KEY,
                Duration.ofMillis(10), Duration.ofSeconds(10));
        try (ClusterManager manager = new ClusterManager(other, log, new FakeTicker())) {
            ClusterManager.PauseResult result = manager.pause();
            assertFalse(result.changed());
            assertEquals("paused", result.status());
        }
        assertTrue(aws.requests("PauseCluster").isEmpty(), aws.actions().toString());
        assertTrue(log.lines.contains("INFO Cluster other is already pausing; waiting for it to be paused"),
                log.text());
    }

    @Test
    void pauseAndResumeRefuseAClusterInAnotherStateBeforeAnyChange() {
        aws.putCluster(CLUSTER, "modifying", "dc2.large", 2, ROLE);
        try (ClusterManager manager = new ClusterManager(settings(), log, new FakeTicker())) {
            assertEquals("Cluster " + CLUSTER + " is modifying: it can be paused only when it is available (check"
                    + " again with the status goal)", fails(manager::pause).getMessage());
            assertEquals("Cluster " + CLUSTER + " is modifying: it can be resumed only when it is paused (check"
                    + " again with the status goal)", fails(manager::resume).getMessage());
        }
        assertEquals(List.of("DescribeClusters", "DescribeClusters"), aws.actions());
    }

    @Test
    void pauseOrResumeOfAMissingClusterIsAClearError() {
        try (ClusterManager manager = new ClusterManager(settings(), log, new FakeTicker())) {
            assertEquals("Cluster " + CLUSTER + " does not exist in region us-west-2 (ClusterNotFound)",
                    fails(manager::pause).getMessage());
            assertEquals("Cluster " + CLUSTER + " does not exist in region us-west-2 (ClusterNotFound)",
                    fails(manager::resume).getMessage());
        }
    }

    @Test
    void resumeWaitsUntilAvailableAndGivesTheEndpoint() {
        aws.putCluster(CLUSTER, "paused", "dc2.large", 2, ROLE);
        FakeTicker ticker = new FakeTicker();
        ClusterManager.PauseResult result;
        try (ClusterManager manager = new ClusterManager(settings(), log, ticker)) {
            result = manager.resume();
        }
        assertEquals(new ClusterManager.PauseResult(true, "available", FakeAws.address(CLUSTER), 5439), result);
        assertEquals(List.of("DescribeClusters", "ResumeCluster", "DescribeClusters", "DescribeClusters"),
                aws.actions());
        assertEquals(List.of("0ms"), waitedLines(log, "resuming"), log.text());
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER + " is available at " + FakeAws.address(CLUSTER)
                + ":5439"), log.text());

        log.lines.clear();
        try (ClusterManager manager = new ClusterManager(settings(), log, ticker)) {
            assertFalse(manager.resume().changed(), "run again, it changes nothing");
        }
        assertEquals(1, aws.requests("ResumeCluster").size());
        assertEquals(List.of("INFO Cluster " + CLUSTER + " is already available; nothing was changed"), log.lines);
    }

    @Test
    void aPauseThatDoesNotEndInTimeNamesTheLastStatus() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.scriptAfterPauseOrResume(CLUSTER, "pausing");
        ClusterSettings slowPolls = new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "sparkify", "awsuser",
                PASSWORD, 5439, ROLE, "us-west-2", aws.endpoint(), null, null, ACCESS_KEY, SECRET_KEY,
                Duration.ofMillis(40), Duration.ofMillis(100));
        FakeTicker ticker = new FakeTicker();
        try (ClusterManager manager = new ClusterManager(slowPolls, log, ticker)) {
            assertEquals("Timed out after 100ms waiting for cluster " + CLUSTER + " to become paused; last status"
                    + " was pausing. It may still finish: check with the status goal",
                    fails(manager::pause).getMessage());
        }
        assertEquals(List.of(Duration.ofMillis(40), Duration.ofMillis(40), Duration.ofMillis(20)), ticker.sleeps);
        assertEquals(List.of("0ms", "40ms", "80ms", "100ms"), waitedLines(log, "pausing"), log.text());
    }

    @Test
    void anAwsRefusalOfThePauseIsTranslated() {
        aws.putCluster(CLUSTER, "available", "dc2.large", 2, ROLE);
        aws.failNext("PauseCluster", 400, "InvalidClusterState", "The cluster has a pending modification.");
        try (ClusterManager manager = new ClusterManager(settings(), log, new FakeTicker())) {
            String message = fails(manager::pause).getMessage();
            assertTrue(message.contains("PauseCluster") && message.contains("cluster " + CLUSTER)
                    && message.contains("InvalidClusterState") && message.contains("pending modification"), message);
        }
    }

    @Test
    void statusSaysPaused() {
        aws.putCluster(CLUSTER, "paused", "dc2.large", 2, ROLE);
        try (ClusterManager manager = new ClusterManager(settings(), log)) {
            assertEquals("paused", manager.status().status());
        }
        assertTrue(log.lines.contains("INFO Cluster " + CLUSTER + " is paused, 2 x dc2.large, 0 snapshot(s)"),
                log.text());
    }

    /** A clock that moves only when the code under test sleeps on it, by exactly what it asked for. */
    private static final class FakeTicker implements ClusterManager.Ticker {
        final List<Duration> sleeps = new ArrayList<>();
        private long nanos = 1_000_000_000L; // any origin: only differences count

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

    @Test
    void unreachableEndpointIsAClearError() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (ClusterManager manager = new ClusterManager(settings(closed, Duration.ofSeconds(1)), log)) {
            String message = fails(manager::status).getMessage();
            assertTrue(message.startsWith("Cannot reach AWS (endpoint " + closed + ") for DescribeClusters on cluster"
                    + " sparkfy-dw: ConnectException"), message);
        }
    }

    // ---- settings ----

    @Test
    void settingsAreValidatedWithClearMessages() {
        Function<Executable, String> message = call -> fails(call).getMessage();
        assertEquals("Invalid cluster identifier 'Sparkfy': use 1 to 63 lowercase letters, digits and hyphens,"
                + " starting with a letter", message.apply(() -> withId("Sparkfy")));
        assertTrue(message.apply(() -> withId("1cluster")).startsWith("Invalid cluster identifier '1cluster'"));
        assertTrue(message.apply(() -> withId("a".repeat(64))).startsWith("Invalid cluster identifier"));
        withId("a".repeat(63)); // the longest allowed
        assertTrue(message.apply(() -> withId("bad--id")).contains("two hyphens in a row"));
        assertEquals("Cluster sparkfy-dw is multi-node but has 1 node: a multi-node cluster needs at least 2"
                + " (or use single-node)", message.apply(() -> shape("multi-node", 1)));
        assertEquals("Invalid number of nodes 0 for cluster sparkfy-dw: it must be at least 1",
                message.apply(() -> shape("single-node", 0)));
        assertTrue(message.apply(() -> shape("big", 2)).startsWith("Invalid cluster type 'big'"));
        assertEquals("Invalid IAM role name 'bad role': use 1 to 64 letters, digits or any of + = , . @ _ -",
                message.apply(() -> withRole("bad role")));
        assertTrue(message.apply(() -> withRole("r".repeat(65))).startsWith("Invalid IAM role name"));
        withRole("my+role=,.@_-1");
        String weak = message.apply(() -> withPassword("alllowercase1"));
        assertTrue(weak.startsWith("Invalid master password for cluster sparkfy-dw"), weak);
        assertFalse(weak.contains("alllowercase1"));
        assertTrue(message.apply(() -> new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "dev", "awsuser",
                PASSWORD, 5439, ROLE, "us-west-2", null, null, null, ACCESS_KEY, null, null, null))
                .startsWith("Give both the AWS access key and the secret key, or neither"));
    }

    @Test
    void toStringMasksThePasswordAndTheSecretKey() {
        ClusterSettings s = settings();
        String text = s.toString();
        assertTrue(text.contains("masterPassword=****") && text.contains("secretKey=****"), text);
        assertTrue(text.contains("accessKey=" + ACCESS_KEY), text);
        messages.add(text);
        assertEquals(Duration.ofSeconds(15), withId("x").pollInterval(), "default poll interval");
    }

    private static ClusterSettings withId(String id) {
        return new ClusterSettings(id, "multi-node", 2, "dc2.large", "dev", "awsuser", PASSWORD, 5439, ROLE,
                "us-west-2", null, null, null, null, null, null, null);
    }

    private static ClusterSettings shape(String type, int nodes) {
        return new ClusterSettings(CLUSTER, type, nodes, "dc2.large", "dev", "awsuser", PASSWORD, 5439, ROLE,
                "us-west-2", null, null, null, null, null, null, null);
    }

    private static ClusterSettings withRole(String role) {
        return new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "dev", "awsuser", PASSWORD, 5439, role,
                "us-west-2", null, null, null, null, null, null, null);
    }

    private static ClusterSettings withPassword(String password) {
        return new ClusterSettings(CLUSTER, "multi-node", 2, "dc2.large", "dev", "awsuser", password, 5439, ROLE,
                "us-west-2", null, null, null, null, null, null, null);
    }
}
