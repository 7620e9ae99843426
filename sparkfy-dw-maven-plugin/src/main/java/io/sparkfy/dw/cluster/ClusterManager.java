package io.sparkfy.dw.cluster;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.redshift.RedshiftClient;
import software.amazon.awssdk.services.redshift.model.Cluster;
import software.amazon.awssdk.services.redshift.model.ClusterIamRole;
import software.amazon.awssdk.services.redshift.model.ClusterNotFoundException;
import software.amazon.awssdk.services.redshift.model.CreateClusterRequest;
import software.amazon.awssdk.services.redshift.model.DeleteClusterRequest;

/**
 * Creates, inspects and deletes the warehouse's Redshift cluster and the IAM role it reads S3 with: what the
 * project's old notebook did by hand, made idempotent (a re-run reuses what exists) and safe (final snapshot by
 * default, no secret in any message).
 */
public final class ClusterManager implements AutoCloseable {

    /** The managed policy the notebook attached: COPY only needs to read the source buckets. */
    public static final String S3_READ_ONLY_POLICY_ARN = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";

    /** Lets Redshift (and nothing else) assume the role, so COPY ... IAM_ROLE works. */
    static final String ASSUME_ROLE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"Service\":\"redshift.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";

    private static final DateTimeFormatter SNAPSHOT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_SNAPSHOTS = 5;

    public record CreateResult(boolean created, boolean roleCreated, String endpointAddress, int endpointPort,
            String roleArn, String jdbcUrl) {
    }

    public record Snapshot(String identifier, Instant created, String status) {
    }

    public record StatusResult(String status, String endpointAddress, Integer endpointPort, String nodeType,
            int numberOfNodes, List<Snapshot> snapshots) {
    }

    /**
     * @param clusterDeleted          false when there was no cluster to delete
     * @param finalSnapshotIdentifier null when the final snapshot was skipped (or there was no cluster)
     * @param roleDeleted             true when the role was deleted by this call
     */
    public record DeleteResult(boolean clusterDeleted, String finalSnapshotIdentifier, boolean roleDeleted) {
    }

    /**
     * @param changed false when the cluster already was (or was already becoming) what was asked
     * @param status  its status once the wait ended: {@code paused} or {@code available}
     */
    public record PauseResult(boolean changed, String status, String endpointAddress, Integer endpointPort) {
    }

    private final ClusterSettings settings;
    private final Log log;
    private final AwsCredentialsProvider credentials;
    private final RedshiftClient redshift;
    private final IamClient iam;
    private final AwsErrors errors;
    private final Ticker ticker;

    /**
     * The time the waits for a cluster read and sleep on: the system's, or in a test one that moves only when slept
     * on, so the polls a timeout allows are counted without waiting for them.
     */
    interface Ticker {
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(Math.max(1, duration.toMillis()));
            }
        };

        long nanoTime();

        void sleep(Duration duration) throws InterruptedException;
    }

    public ClusterManager(ClusterSettings settings, Log log) {
        this(settings, log, Ticker.SYSTEM);
    }

    ClusterManager(ClusterSettings settings, Log log, Ticker ticker) {
        this.settings = settings;
        this.log = log;
        this.ticker = ticker;
        this.errors = new AwsErrors(settings);
        this.credentials = settings.hasStaticKeys()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        // No overrideConfiguration: the SDK's default retry strategy (backoff on throttling and 5xx) is wanted.
        var redshiftBuilder = RedshiftClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)));
        // IAM is a global service signed for aws-global; an override (a fake, a proxy) takes the cluster's region.
        var iamBuilder = IamClient.builder()
                .region(settings.endpoint() == null ? Region.AWS_GLOBAL : Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)));
        if (settings.endpoint() != null) {
            redshiftBuilder.endpointOverride(settings.endpoint());
            iamBuilder.endpointOverride(settings.endpoint());
        }
        this.redshift = redshiftBuilder.build();
        this.iam = iamBuilder.build();
    }

    /** Creates the role (or reuses it) and the cluster (or reuses it), then waits until the cluster is available. */
    public CreateResult create() {
        String id = settings.clusterIdentifier();
        Optional<Cluster> existing = describe();
        if (existing.isPresent()) {
            // Re-running must be harmless: report what is there and touch nothing, IAM included.
            Cluster cluster = existing.get();
            info("Cluster " + id + " already exists (status " + cluster.clusterStatus() + "); nothing was changed");
            String roleArn = roleArnOf(cluster);
            if (cluster.defaultIamRoleArn() == null) {
                // Made by an older cluster-create or by hand: COPY's IAM_ROLE default fails there until one is set.
                warn("Cluster " + id + " has no default IAM role, so COPY ... IAM_ROLE default fails on it: set "
                        + "-Dsparkfy.iamRole=" + (roleArn == null ? "<role ARN>" : roleArn) + ", or make the role"
                        + " the default (console, or aws redshift modify-cluster-iam-roles --default-iam-role-arn)");
            }
            return result(cluster, false, false, roleArn);
        }
        if (settings.masterPassword() == null) {
            throw new SparkfyException("A master password is needed to create cluster " + id);
        }
        RoleOutcome role = ensureRole();
        CreateClusterRequest.Builder request = CreateClusterRequest.builder()
                .clusterIdentifier(id)
                .clusterType(settings.clusterType())
                .nodeType(settings.nodeType())
                .dbName(settings.dbName())
                .masterUsername(settings.masterUser())
                .masterUserPassword(settings.masterPassword())
                .port(settings.port())
                .iamRoles(role.arn())
                // The load goals' COPY says IAM_ROLE default when sparkfy.iamRole is unset: that needs a default.
                .defaultIamRoleArn(role.arn());
        // AWS rejects NumberOfNodes on single-node clusters in some regions; it is only meaningful for multi-node.
        if (ClusterSettings.MULTI_NODE.equals(settings.clusterType())) {
            request.numberOfNodes(settings.numberOfNodes());
        }
        if (settings.vpcSecurityGroupId() != null) {
            request.vpcSecurityGroupIds(settings.vpcSecurityGroupId());
        }
        if (settings.publiclyAccessible() != null) {
            request.publiclyAccessible(settings.publiclyAccessible());
        }
        info("Creating cluster " + id + ": " + describeShape());
        try {
            redshift.createCluster(request.build());
        } catch (SdkException e) {
            SparkfyException failure = errors.translate("CreateCluster", "cluster " + id, e);
            if (role.created()) {
                // Nothing half-created goes unreported: the role this run made is still there.
                throw new SparkfyException(failure.getMessage() + "; the IAM role " + settings.iamRoleName()
                        + " created by this run is kept (a re-run reuses it; cluster-delete"
                        + " -Dsparkfy.deleteRole=true removes it)", failure.getCause());
            }
            throw failure;
        }
        CreateResult result = result(waitUntilAvailable(), true, role.created(), role.arn());
        info("Cluster " + id + " is available at " + result.endpointAddress() + ":" + result.endpointPort());
        return result;
    }

    /** The cluster's endpoint (the configured port while it has none yet) and the URL the load goals take. */
    private CreateResult result(Cluster cluster, boolean created, boolean roleCreated, String roleArn) {
        String address = cluster.endpoint() == null ? null : cluster.endpoint().address();
        int port = cluster.endpoint() == null || cluster.endpoint().port() == null
                ? settings.port() : cluster.endpoint().port();
        return new CreateResult(created, roleCreated, address, port, roleArn, jdbcUrl(address, port));
    }

    /** The cluster's state, endpoint, size and its newest snapshots; fails clearly when it does not exist. */
    public StatusResult status() {
        String id = settings.clusterIdentifier();
        Cluster cluster = describe().orElseThrow(() -> new SparkfyException("Cluster " + id + " does not exist"
                + " in region " + settings.region() + " (ClusterNotFound)"));
        List<Snapshot> snapshots = new ArrayList<>();
        try {
            redshift.describeClusterSnapshotsPaginator(r -> r.clusterIdentifier(id)).snapshots().forEach(s ->
                    snapshots.add(new Snapshot(s.snapshotIdentifier(), s.snapshotCreateTime(), s.status())));
        } catch (SdkException e) {
            throw errors.translate("DescribeClusterSnapshots", "cluster " + id, e);
        }
        // Snapshots still being taken have no time yet: they count as the newest.
        snapshots.sort(Comparator.comparing(Snapshot::created, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        List<Snapshot> newest = List.copyOf(snapshots.subList(0, Math.min(MAX_SNAPSHOTS, snapshots.size())));
        String address = cluster.endpoint() == null ? null : cluster.endpoint().address();
        Integer port = cluster.endpoint() == null ? null : cluster.endpoint().port();
        int nodes = cluster.numberOfNodes() == null ? 0 : cluster.numberOfNodes();
        info("Cluster " + id + " is " + cluster.clusterStatus() + (address == null ? "" : " at " + address + ":" + port)
                + ", " + nodes + " x " + cluster.nodeType() + ", " + snapshots.size() + " snapshot(s)");
        return new StatusResult(cluster.clusterStatus(), address, port, cluster.nodeType(), nodes, newest);
    }

    /**
     * Pauses the cluster (compute stops being billed; storage and snapshots stay) and waits until it is paused. A
     * paused cluster is left as it is, one being paused is waited for; any other state than available is refused,
     * since AWS pauses only an available cluster.
     */
    public PauseResult pause() {
        return change("paused", "pausing", "available", "PauseCluster", "paused",
                id -> redshift.pauseCluster(r -> r.clusterIdentifier(id)));
    }

    /** Resumes a paused cluster and waits until it is available; the counterpart of {@link #pause()}. */
    public PauseResult resume() {
        return change("available", "resuming", "paused", "ResumeCluster", "resumed",
                id -> redshift.resumeCluster(r -> r.clusterIdentifier(id)));
    }

    /**
     * Moves the cluster from {@code from} to {@code to} through {@code during} with one AWS action, then waits; at
     * {@code to} already nothing is done, at {@code during} it only waits, from anything else it refuses.
     */
    private PauseResult change(String to, String during, String from, String action, String done,
                               java.util.function.Consumer<String> call) {
        String id = settings.clusterIdentifier();
        Cluster cluster = describe().orElseThrow(() -> new SparkfyException("Cluster " + id + " does not exist"
                + " in region " + settings.region() + " (ClusterNotFound)"));
        String status = cluster.clusterStatus();
        boolean changed = false;
        if (to.equals(status)) {
            info("Cluster " + id + " is already " + to + "; nothing was changed");
            return pauseResult(cluster, false);
        }
        if (during.equals(status)) {
            info("Cluster " + id + " is already " + during + "; waiting for it to be " + to);
        } else if (from.equals(status)) {
            info(action + " for cluster " + id);
            try {
                call.accept(id);
            } catch (SdkException e) {
                throw errors.translate(action, "cluster " + id, e);
            }
            changed = true;
        } else {
            throw new SparkfyException("Cluster " + id + " is " + status + ": it can be " + done + " only when it is "
                    + from + " (check again with the status goal)");
        }
        Cluster after = waitForStatus(to, done);
        info("Cluster " + id + " is " + to + (to.equals("available") && after.endpoint() != null
                ? " at " + after.endpoint().address() + ":" + after.endpoint().port() : ""));
        return pauseResult(after, changed);
    }

    private static PauseResult pauseResult(Cluster cluster, boolean changed) {
        return new PauseResult(changed, cluster.clusterStatus(),
                cluster.endpoint() == null ? null : cluster.endpoint().address(),
                cluster.endpoint() == null ? null : cluster.endpoint().port());
    }

    /**
     * Deletes the cluster (with a final snapshot named {@code <cluster>-final-<yyyyMMdd-HHmmss>} in UTC unless
     * skipped) and waits until it is gone; then, if asked, detaches the S3 policy and deletes the role. A cluster
     * that is already gone is not an error, so a half-finished delete can simply be run again.
     */
    public DeleteResult delete(boolean skipFinalSnapshot, boolean deleteRole, Clock clock) {
        String id = settings.clusterIdentifier();
        Optional<Cluster> existing = describe();
        boolean clusterDeleted = false;
        String snapshotId = null;
        if (existing.isEmpty()) {
            warn("Cluster " + id + " does not exist; there is no cluster to delete");
        } else {
            if (!"deleting".equals(existing.get().clusterStatus())) {
                DeleteClusterRequest.Builder request = DeleteClusterRequest.builder().clusterIdentifier(id)
                        .skipFinalClusterSnapshot(skipFinalSnapshot);
                if (skipFinalSnapshot) {
                    warn("Deleting cluster " + id + " WITHOUT a final snapshot: its data will be lost");
                } else {
                    snapshotId = id + "-final-" + SNAPSHOT_STAMP.format(clock.instant());
                    request.finalClusterSnapshotIdentifier(snapshotId);
                    info("Deleting cluster " + id + " after a final snapshot " + snapshotId);
                }
                try {
                    redshift.deleteCluster(request.build());
                } catch (SdkException e) {
                    throw errors.translate("DeleteCluster", "cluster " + id, e);
                }
            } else {
                info("Cluster " + id + " is already being deleted; waiting for it to go");
            }
            waitUntilGone();
            clusterDeleted = true;
            info("Cluster " + id + " is deleted" + (snapshotId == null ? "" : "; final snapshot " + snapshotId));
        }
        boolean roleDeleted = deleteRole && deleteRole();
        return new DeleteResult(clusterDeleted, snapshotId, roleDeleted);
    }

    @Override
    public void close() {
        redshift.close();
        iam.close();
        if (credentials instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Closing the credentials provider failed: " + e.getClass().getSimpleName());
            }
        }
    }

    // ---- internals ----

    private record RoleOutcome(String arn, boolean created) {
    }

    private RoleOutcome ensureRole() {
        String name = settings.iamRoleName();
        String arn;
        boolean created = false;
        try {
            arn = iam.getRole(r -> r.roleName(name)).role().arn();
            info("Reusing IAM role " + name + " (" + arn + ")");
        } catch (NoSuchEntityException missing) {
            try {
                arn = iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(ASSUME_ROLE_POLICY)
                        .description("Lets Redshift cluster " + settings.clusterIdentifier() + " read S3 for COPY"))
                        .role().arn();
            } catch (SdkException e) {
                throw errors.translate("CreateRole", "IAM role " + name, e);
            }
            created = true;
            info("Created IAM role " + name + " (" + arn + ")");
        } catch (SdkException e) {
            throw errors.translate("GetRole", "IAM role " + name, e);
        }
        try {
            // Idempotent on AWS's side: attaching an attached policy is a no-op, so re-runs repair a half setup.
            iam.attachRolePolicy(r -> r.roleName(name).policyArn(S3_READ_ONLY_POLICY_ARN));
        } catch (SdkException e) {
            throw errors.translate("AttachRolePolicy", "IAM role " + name, e);
        }
        info("Attached " + S3_READ_ONLY_POLICY_ARN + " to IAM role " + name);
        return new RoleOutcome(arn, created);
    }

    private boolean deleteRole() {
        String name = settings.iamRoleName();
        try {
            iam.detachRolePolicy(r -> r.roleName(name).policyArn(S3_READ_ONLY_POLICY_ARN));
            info("Detached " + S3_READ_ONLY_POLICY_ARN + " from IAM role " + name);
        } catch (NoSuchEntityException e) {
            // Already detached, or no role at all: DeleteRole below tells which.
            log.debug("Policy was not attached to IAM role " + name);
        } catch (SdkException e) {
            throw errors.translate("DetachRolePolicy", "IAM role " + name, e);
        }
        try {
            iam.deleteRole(r -> r.roleName(name));
        } catch (NoSuchEntityException e) {
            warn("IAM role " + name + " does not exist; there is no role to delete");
            return false;
        } catch (SdkException e) {
            throw errors.translate("DeleteRole", "IAM role " + name, e);
        }
        info("Deleted IAM role " + name);
        return true;
    }

    private Optional<Cluster> describe() {
        String id = settings.clusterIdentifier();
        try {
            List<Cluster> clusters = redshift.describeClusters(r -> r.clusterIdentifier(id)).clusters();
            return clusters.stream().filter(c -> id.equals(c.clusterIdentifier())).findFirst();
        } catch (ClusterNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("DescribeClusters", "cluster " + id, e);
        }
    }

    private Cluster waitUntilAvailable() {
        return waitForStatus("available", "created");
    }

    /** Polls until the cluster's status is {@code wanted}, saying each status seen; {@code what}: "created" ... */
    private Cluster waitForStatus(String wanted, String what) {
        String id = settings.clusterIdentifier();
        long start = ticker.nanoTime();
        String last = "unknown";
        while (true) {
            Optional<Cluster> cluster = describe();
            if (cluster.isEmpty()) {
                throw new SparkfyException("Cluster " + id + " disappeared while it was being " + what + " (last status "
                        + last + "); check the Redshift console or events for the reason");
            }
            last = cluster.get().clusterStatus();
            Duration waited = Duration.ofNanos(ticker.nanoTime() - start);
            if (wanted.equals(last)) {
                return cluster.get();
            }
            if (last != null && (last.startsWith("incompatible") || last.equals("failed"))) {
                // Terminal states: waiting longer would only burn the timeout.
                throw new SparkfyException("Cluster " + id + " ended in status " + last + " while being " + what + ";"
                        + " check the Redshift console or events" + (what.equals("created") ? ", then delete it" : ""));
            }
            info("Cluster " + id + " is " + last + " (waited " + seconds(waited) + ")");
            if (waited.compareTo(settings.timeout()) >= 0) {
                throw new SparkfyException("Timed out after " + seconds(settings.timeout()) + " waiting for cluster "
                        + id + " to become " + wanted + "; last status was " + last
                        + ". It may still finish: check with the status goal");
            }
            sleep(remaining(start));
        }
    }

    private void waitUntilGone() {
        String id = settings.clusterIdentifier();
        long start = ticker.nanoTime();
        while (true) {
            Optional<Cluster> cluster = describe();
            if (cluster.isEmpty()) {
                return;
            }
            String last = cluster.get().clusterStatus();
            Duration waited = Duration.ofNanos(ticker.nanoTime() - start);
            info("Cluster " + id + " is " + last + " (waited " + seconds(waited) + ")");
            if (waited.compareTo(settings.timeout()) >= 0) {
                throw new SparkfyException("Timed out after " + seconds(settings.timeout()) + " waiting for cluster "
                        + id + " to be deleted; last status was " + last + ". Check again with the status goal");
            }
            sleep(remaining(start));
        }
    }

    // Never sleep past the deadline, so a short timeout is honoured even with a long poll interval.
    private Duration remaining(long startNanos) {
        Duration left = settings.timeout().minusNanos(ticker.nanoTime() - startNanos);
        return left.isNegative() ? Duration.ZERO : (left.compareTo(settings.pollInterval()) < 0 ? left
                : settings.pollInterval());
    }

    private void sleep(Duration duration) {
        try {
            ticker.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkfyException("Interrupted while waiting for the cluster", e);
        }
    }

    private String roleArnOf(Cluster cluster) {
        List<ClusterIamRole> roles = cluster.hasIamRoles() ? cluster.iamRoles() : List.of();
        return roles.stream().map(ClusterIamRole::iamRoleArn)
                .filter(arn -> arn != null && arn.endsWith("/" + settings.iamRoleName()))
                .findFirst()
                .orElse(roles.isEmpty() ? null : roles.get(0).iamRoleArn());
    }

    private String jdbcUrl(String address, int port) {
        return address == null ? null : "jdbc:redshift://" + address + ":" + port + "/" + settings.dbName();
    }

    private String describeShape() {
        return settings.clusterType() + ", " + settings.numberOfNodes() + " x " + settings.nodeType()
                + ", database " + settings.dbName() + ", master user " + settings.masterUser()
                + ", port " + settings.port();
    }

    private static String seconds(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        return millis < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0) : (millis / 1000) + "s";
    }

    private void info(String message) {
        log.info(errors.redact(message));
    }

    private void warn(String message) {
        log.warn(errors.redact(message));
    }
}
