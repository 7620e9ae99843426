package io.sparkfy.dw.cluster;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.redshiftserverless.RedshiftServerlessClient;
import software.amazon.awssdk.services.redshiftserverless.model.CreateNamespaceRequest;
import software.amazon.awssdk.services.redshiftserverless.model.CreateWorkgroupRequest;
import software.amazon.awssdk.services.redshiftserverless.model.DeleteNamespaceRequest;
import software.amazon.awssdk.services.redshiftserverless.model.Namespace;
import software.amazon.awssdk.services.redshiftserverless.model.ResourceNotFoundException;
import software.amazon.awssdk.services.redshiftserverless.model.Workgroup;

/**
 * The Serverless counterpart of {@link ClusterManager}: creates (or reuses) a namespace and its workgroup and waits
 * until the workgroup is available, reports both with the namespace's snapshots, and deletes them (workgroup first,
 * then the namespace, after a final snapshot unless skipped). Idempotent like the cluster goals; with no admin
 * password configured, Secrets Manager manages it, so no password exists in the build.
 */
public final class ServerlessManager implements AutoCloseable {

    private static final DateTimeFormatter SNAPSHOT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int MAX_SNAPSHOTS = 5;

    /**
     * @param adminSecretArn the Secrets Manager secret holding a managed admin password (null: a given one)
     * @param jdbcUrl        for IAM sign-in; {@code dataApiUrl} for the Data API (no network path needed)
     */
    public record CreateResult(boolean namespaceCreated, boolean workgroupCreated, String endpointAddress,
                               int endpointPort, String jdbcUrl, String dataApiUrl, String adminSecretArn) {
    }

    public record StatusResult(String namespaceStatus, String workgroupStatus, String endpointAddress,
                               Integer endpointPort, Integer baseCapacity, List<ClusterManager.Snapshot> snapshots) {
    }

    /** @param finalSnapshotName null when skipped, or when there was no namespace to delete */
    public record DeleteResult(boolean workgroupDeleted, boolean namespaceDeleted, String finalSnapshotName) {
    }

    private final ServerlessSettings settings;
    private final Log log;
    private final RedshiftServerlessClient client;
    private final AwsErrors errors;
    private final ClusterManager.Ticker ticker;

    public ServerlessManager(ServerlessSettings settings, Log log) {
        this(settings, log, ClusterManager.Ticker.SYSTEM);
    }

    ServerlessManager(ServerlessSettings settings, Log log, ClusterManager.Ticker ticker) {
        this.settings = settings;
        this.log = log;
        this.ticker = ticker;
        this.errors = new AwsErrors(settings.endpoint(), settings.region(), null,
                Arrays.asList(settings.adminPassword()));
        var builder = RedshiftServerlessClient.builder()
                .region(Region.of(settings.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10)));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.client = builder.build();
    }

    public CreateResult create() {
        String ns = settings.namespaceName();
        String wg = settings.workgroupName();
        Optional<Namespace> namespace = namespace();
        boolean namespaceCreated = false;
        if (namespace.isPresent()) {
            info("Namespace " + ns + " already exists (status " + namespace.get().statusAsString() + "); reusing it");
        } else {
            CreateNamespaceRequest.Builder request = CreateNamespaceRequest.builder().namespaceName(ns)
                    .dbName(settings.dbName()).adminUsername(settings.adminUser());
            if (settings.adminPassword() == null) {
                request.manageAdminPassword(true);
            } else {
                request.adminUserPassword(settings.adminPassword());
            }
            if (settings.defaultIamRoleArn() != null) {
                request.iamRoles(settings.defaultIamRoleArn()).defaultIamRoleArn(settings.defaultIamRoleArn());
            }
            info("Creating namespace " + ns + ": database " + settings.dbName() + ", admin user "
                    + settings.adminUser() + (settings.adminPassword() == null
                    ? ", admin password managed by Secrets Manager" : "")
                    + (settings.defaultIamRoleArn() == null ? "" : ", default IAM role " + settings.defaultIamRoleArn()));
            try {
                client.createNamespace(request.build());
            } catch (SdkException e) {
                throw errors.translate("CreateNamespace", "namespace " + ns, e);
            }
            namespaceCreated = true;
        }
        Namespace ready = await("namespace " + ns, this::namespace, n -> "AVAILABLE".equals(n.statusAsString()),
                Namespace::statusAsString, false);
        Optional<Workgroup> workgroup = workgroup();
        boolean workgroupCreated = false;
        if (workgroup.isPresent()) {
            info("Workgroup " + wg + " already exists (status " + workgroup.get().statusAsString()
                    + "); nothing was changed");
            if (!ns.equals(workgroup.get().namespaceName())) {
                throw new SparkfyException("Workgroup " + wg + " belongs to namespace " + workgroup.get().namespaceName()
                        + ", not " + ns + ": name another workgroup (sparkfy.workgroupName)");
            }
        } else {
            CreateWorkgroupRequest.Builder request = CreateWorkgroupRequest.builder().workgroupName(wg)
                    .namespaceName(ns).baseCapacity(settings.baseCapacity());
            if (settings.publiclyAccessible() != null) {
                request.publiclyAccessible(settings.publiclyAccessible());
            }
            if (settings.securityGroupId() != null) {
                request.securityGroupIds(settings.securityGroupId());
            }
            info("Creating workgroup " + wg + " in namespace " + ns + ": " + settings.baseCapacity() + " RPUs");
            try {
                client.createWorkgroup(request.build());
            } catch (SdkException e) {
                throw errors.translate("CreateWorkgroup", "workgroup " + wg, e);
            }
            workgroupCreated = true;
        }
        Workgroup available = await("workgroup " + wg, this::workgroup,
                w -> "AVAILABLE".equals(w.statusAsString()) && w.endpoint() != null, Workgroup::statusAsString, false);
        String address = available.endpoint().address();
        int port = available.endpoint().port() == null ? 5439 : available.endpoint().port();
        info("Workgroup " + wg + " is available at " + address + ":" + port);
        return new CreateResult(namespaceCreated, workgroupCreated, address, port,
                "jdbc:redshift:iam://" + address + ":" + port + "/" + ready.dbName(),
                "redshift-data://workgroup/" + wg + "/" + ready.dbName(), ready.adminPasswordSecretArn());
    }

    public StatusResult status() {
        String ns = settings.namespaceName();
        Namespace namespace = namespace().orElseThrow(() -> new SparkfyException("Namespace " + ns
                + " does not exist in region " + settings.region() + " (ResourceNotFound)"));
        Optional<Workgroup> workgroup = workgroup();
        List<ClusterManager.Snapshot> snapshots = new ArrayList<>();
        try {
            client.listSnapshotsPaginator(r -> r.namespaceName(ns)).snapshots().forEach(s -> snapshots.add(
                    new ClusterManager.Snapshot(s.snapshotName(), s.snapshotCreateTime(), s.statusAsString())));
        } catch (SdkException e) {
            throw errors.translate("ListSnapshots", "namespace " + ns, e);
        }
        snapshots.sort(Comparator.comparing(ClusterManager.Snapshot::created,
                Comparator.nullsFirst(Comparator.naturalOrder())).reversed());
        String address = workgroup.map(Workgroup::endpoint).map(e -> e.address()).orElse(null);
        Integer port = workgroup.map(Workgroup::endpoint).map(e -> e.port()).orElse(null);
        String workgroupStatus = workgroup.map(Workgroup::statusAsString).orElse("none");
        info("Namespace " + ns + " is " + namespace.statusAsString() + "; workgroup " + settings.workgroupName()
                + " is " + workgroupStatus.toLowerCase(Locale.ROOT) + (address == null ? "" : " at " + address + ":"
                + port) + workgroup.map(w -> ", " + w.baseCapacity() + " RPUs").orElse("") + ", " + snapshots.size()
                + " snapshot(s)");
        return new StatusResult(namespace.statusAsString(), workgroupStatus, address, port,
                workgroup.map(Workgroup::baseCapacity).orElse(null),
                List.copyOf(snapshots.subList(0, Math.min(MAX_SNAPSHOTS, snapshots.size()))));
    }

    /**
     * Deletes the workgroup and waits until it is gone, then the namespace, after a final snapshot
     * {@code <namespace>-final-<yyyyMMdd-HHmmss>} (UTC) unless skipped. What is already gone is not an error.
     */
    public DeleteResult delete(boolean skipFinalSnapshot, Clock clock) {
        String ns = settings.namespaceName();
        String wg = settings.workgroupName();
        boolean workgroupDeleted = false;
        Optional<Workgroup> workgroup = workgroup();
        if (workgroup.isEmpty()) {
            warn("Workgroup " + wg + " does not exist; there is no workgroup to delete");
        } else {
            if (!ns.equals(workgroup.get().namespaceName())) {
                throw new SparkfyException("Workgroup " + wg + " belongs to namespace "
                        + workgroup.get().namespaceName() + ", not " + ns + "; nothing was deleted");
            }
            if (!"DELETING".equals(workgroup.get().statusAsString())) {
                info("Deleting workgroup " + wg);
                try {
                    client.deleteWorkgroup(r -> r.workgroupName(wg));
                } catch (SdkException e) {
                    throw errors.translate("DeleteWorkgroup", "workgroup " + wg, e);
                }
            }
            await("workgroup " + wg, this::workgroup, w -> false, Workgroup::statusAsString, true);
            workgroupDeleted = true;
            info("Workgroup " + wg + " is deleted");
        }
        Optional<Namespace> namespace = namespace();
        if (namespace.isEmpty()) {
            warn("Namespace " + ns + " does not exist; there is no namespace to delete");
            return new DeleteResult(workgroupDeleted, false, null);
        }
        String snapshot = null;
        if (!"DELETING".equals(namespace.get().statusAsString())) {
            DeleteNamespaceRequest.Builder request = DeleteNamespaceRequest.builder().namespaceName(ns);
            if (skipFinalSnapshot) {
                warn("Deleting namespace " + ns + " WITHOUT a final snapshot: its data will be lost");
            } else {
                snapshot = ns + "-final-" + SNAPSHOT_STAMP.format(clock.instant());
                request.finalSnapshotName(snapshot);
                info("Deleting namespace " + ns + " after a final snapshot " + snapshot);
            }
            try {
                client.deleteNamespace(request.build());
            } catch (SdkException e) {
                throw errors.translate("DeleteNamespace", "namespace " + ns, e);
            }
        } else {
            info("Namespace " + ns + " is already being deleted; waiting for it to go");
        }
        await("namespace " + ns, this::namespace, n -> false, Namespace::statusAsString, true);
        info("Namespace " + ns + " is deleted" + (snapshot == null ? "" : "; final snapshot " + snapshot));
        return new DeleteResult(workgroupDeleted, true, snapshot);
    }

    @Override
    public void close() {
        client.close();
    }

    private Optional<Namespace> namespace() {
        try {
            return Optional.ofNullable(client.getNamespace(r -> r.namespaceName(settings.namespaceName())).namespace());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("GetNamespace", "namespace " + settings.namespaceName(), e);
        }
    }

    private Optional<Workgroup> workgroup() {
        try {
            return Optional.ofNullable(client.getWorkgroup(r -> r.workgroupName(settings.workgroupName())).workgroup());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("GetWorkgroup", "workgroup " + settings.workgroupName(), e);
        }
    }

    /**
     * Polls until {@code done} holds ({@code untilGone}: until it no longer exists), saying where it is at each
     * poll, never past the timeout.
     */
    private <T> T await(String what, Supplier<Optional<T>> read, Predicate<T> done,
                        java.util.function.Function<T, String> status, boolean untilGone) {
        long start = ticker.nanoTime();
        String last = "unknown";
        while (true) {
            Optional<T> now = read.get();
            if (now.isEmpty()) {
                if (untilGone) {
                    return null;
                }
                throw new SparkfyException(capitalized(what) + " disappeared while it was being created (last status "
                        + last + "); check the Redshift Serverless console for the reason");
            }
            last = status.apply(now.get());
            if (!untilGone && done.test(now.get())) {
                return now.get();
            }
            Duration waited = Duration.ofNanos(ticker.nanoTime() - start);
            info(capitalized(what) + " is " + (last == null ? "?" : last.toLowerCase(Locale.ROOT)) + " (waited "
                    + waited.toSeconds() + "s)");
            if (waited.compareTo(settings.timeout()) >= 0) {
                throw new SparkfyException("Timed out after " + settings.timeout().toMinutes() + " min waiting for "
                        + what + (untilGone ? " to be deleted" : " to become available") + "; last status was "
                        + last + ". Check again with the serverless-status goal");
            }
            Duration left = settings.timeout().minusNanos(ticker.nanoTime() - start);
            try {
                ticker.sleep(left.compareTo(settings.pollInterval()) < 0 ? left : settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SparkfyException("Interrupted while waiting for " + what, e);
            }
        }
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private void info(String message) {
        log.info(errors.redact(message));
    }

    private void warn(String message) {
        log.warn(errors.redact(message));
    }
}
