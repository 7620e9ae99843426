package io.sparkfy.dw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An in-process stand-in for the Redshift and IAM Query APIs, served by the JDK's HttpServer on 127.0.0.1 with an
 * ephemeral port. Both SDK clients point at {@link #endpoint()}; the service is told apart by the request's
 * Version parameter. It keeps a small state (clusters, roles, snapshots), records every request with its decoded
 * form parameters, and lets a test script cluster statuses and inject errors (throttling included).
 *
 * <p>Actions: Redshift CreateCluster, DescribeClusters, DeleteCluster, DescribeClusterSnapshots, PauseCluster,
 * ResumeCluster; IAM CreateRole,
 * GetRole, AttachRolePolicy, DetachRolePolicy, DeleteRole. Anything else answers 400 InvalidAction.
 */
public final class FakeAws implements AutoCloseable {

    public static final String REDSHIFT_NS = "http://redshift.amazonaws.com/doc/2012-12-01/";
    public static final String IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
    public static final String ACCOUNT = "123456789012";

    /** One received call: which service, which action, its decoded form parameters and the signing header. */
    public record Request(String service, String action, Map<String, String> params, String authorization) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private record Failure(int status, String code, String message) {
    }

    private static final class FakeCluster {
        final Map<String, String> created; // the CreateCluster parameters, or a minimal set for seeded clusters
        String status;
        final Deque<String> script = new ArrayDeque<>();
        int deletingPollsLeft;

        FakeCluster(Map<String, String> created, String status) {
            this.created = created;
            this.status = status;
        }
    }

    private static final class FakeRole {
        final String arn;
        final String assumeRolePolicy;
        final Set<String> policies = new LinkedHashSet<>();

        FakeRole(String arn, String assumeRolePolicy) {
            this.arn = arn;
            this.assumeRolePolicy = assumeRolePolicy;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, FakeCluster> clusters = new LinkedHashMap<>();
    private final Map<String, Deque<String>> pendingScripts = new HashMap<>();
    private final Map<String, Deque<String>> afterPauseOrResume = new HashMap<>();
    private final Map<String, FakeRole> roles = new LinkedHashMap<>();
    private final List<String[]> snapshots = new ArrayList<>(); // {cluster, id, created, status}
    private final Map<String, Deque<Failure>> failures = new HashMap<>();
    private int deletingPolls = 1;

    public FakeAws() {
        server = LoopbackHttp.start("the fake AWS server", this::handle);
    }

    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- scripting ----

    /** Seeds an existing cluster (status e.g. "available") with an endpoint and the given IAM role. */
    public synchronized void putCluster(String id, String status, String nodeType, int nodes, String roleName) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ClusterIdentifier", id);
        p.put("NodeType", nodeType);
        p.put("NumberOfNodes", String.valueOf(nodes));
        p.put("DBName", "dev");
        p.put("MasterUsername", "awsuser");
        p.put("Port", "5439");
        if (roleName != null) {
            p.put("IamRoles.IamRoleArn.1", roleArn(roleName));
        }
        clusters.put(id, new FakeCluster(p, status));
    }

    /**
     * Statuses that successive DescribeClusters calls report for the cluster (after it is created, or for a seeded
     * one); the last one sticks. Without a script a created cluster goes straight to "available".
     */
    public synchronized void scriptStatuses(String id, String... statuses) {
        FakeCluster cluster = clusters.get(id);
        Deque<String> target = cluster != null ? cluster.script : pendingScripts.computeIfAbsent(id, k -> new ArrayDeque<>());
        target.clear();
        target.addAll(List.of(statuses));
    }

    /**
     * Statuses that DescribeClusters reports after PauseCluster or ResumeCluster of the cluster; the last one
     * sticks. Without one, a pause shows "pausing" then "paused", a resume "resuming" then "available".
     */
    public synchronized void scriptAfterPauseOrResume(String id, String... statuses) {
        afterPauseOrResume.put(id, new ArrayDeque<>(List.of(statuses)));
    }

    /** How many DescribeClusters calls still see "deleting" after DeleteCluster before the cluster is gone. */
    public synchronized void deletingPolls(int polls) {
        this.deletingPolls = polls;
    }

    /** Seeds an existing role with these managed policies attached. */
    public synchronized void putRole(String name, String... attachedPolicyArns) {
        FakeRole role = new FakeRole(roleArn(name), "{}");
        role.policies.addAll(List.of(attachedPolicyArns));
        roles.put(name, role);
    }

    public synchronized void addSnapshot(String cluster, String id, Instant created, String status) {
        snapshots.add(new String[] {cluster, id, created.toString(), status});
    }

    /** The next call of {@code action} fails with this HTTP status and AWS error code; queued, one per call. */
    public synchronized void failNext(String action, int httpStatus, String code, String message) {
        failures.computeIfAbsent(action, k -> new ArrayDeque<>()).add(new Failure(httpStatus, code, message));
    }

    /** The next call of {@code action} gets a 400 Throttling, as AWS sends when a rate limit is hit. */
    public synchronized void throttleNext(String action) {
        failNext(action, 400, "Throttling", "Rate exceeded");
    }

    // ---- inspection ----

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String action) {
        return requests.stream().filter(r -> r.action().equals(action)).toList();
    }

    public synchronized List<String> actions() {
        return requests.stream().map(Request::action).toList();
    }

    /** The only request of that action; fails when there were none or several. */
    public synchronized Request single(String action) {
        List<Request> found = requests(action);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + action + " but got " + found.size() + ": " + actions());
        }
        return found.get(0);
    }

    public synchronized boolean clusterExists(String id) {
        return clusters.containsKey(id);
    }

    public synchronized boolean roleExists(String name) {
        return roles.containsKey(name);
    }

    public synchronized Set<String> attachedPolicies(String role) {
        FakeRole r = roles.get(role);
        return r == null ? Set.of() : Set.copyOf(r.policies);
    }

    public synchronized List<String> snapshotIds(String cluster) {
        return snapshots.stream().filter(s -> s[0].equals(cluster)).map(s -> s[1]).toList();
    }

    public static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    public static String address(String clusterId) {
        return clusterId + ".abc123xyz.us-west-2.redshift.amazonaws.com";
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> params = new TreeMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            parseForm(body, params);
            String action = params.getOrDefault("Action", "");
            String service = "2010-05-08".equals(params.get("Version")) ? "iam" : "redshift";
            Reply reply;
            synchronized (this) {
                requests.add(new Request(service, action, Collections.unmodifiableMap(params),
                        exchange.getRequestHeaders().getFirst("Authorization")));
                Deque<Failure> queued = failures.get(action);
                Failure failure = queued == null ? null : queued.poll();
                reply = failure != null
                        ? error(service, failure.status(), failure.code(), failure.message())
                        : "iam".equals(service) ? iam(action, params) : redshift(action, params);
            }
            byte[] bytes = reply.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    private record Reply(int status, String xml) {
    }

    private static Reply ok(String ns, String action, String result) {
        String resultElement = result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>";
        return new Reply(200, "<" + action + "Response xmlns=\"" + ns + "\">" + resultElement
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>");
    }

    private static Reply error(String service, int status, String code, String message) {
        String ns = "iam".equals(service) ? IAM_NS : REDSHIFT_NS;
        return new Reply(status, "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>"
                + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>" + esc(code) + "</Code><Message>"
                + esc(message) + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    // ---- Redshift ----

    private Reply redshift(String action, Map<String, String> p) {
        String id = p.get("ClusterIdentifier");
        switch (action) {
            case "CreateCluster": {
                if (clusters.containsKey(id)) {
                    return error("redshift", 400, "ClusterAlreadyExists", "Cluster already exists");
                }
                FakeCluster cluster = new FakeCluster(new LinkedHashMap<>(p), "creating");
                Deque<String> script = pendingScripts.remove(id);
                if (script != null) {
                    cluster.script.addAll(script);
                } else {
                    cluster.script.add("available");
                }
                clusters.put(id, cluster);
                return ok(REDSHIFT_NS, action, clusterXml(id, cluster));
            }
            case "DescribeClusters": {
                if (id == null) {
                    StringBuilder all = new StringBuilder();
                    clusters.forEach((k, c) -> all.append(clusterXml(k, c)));
                    return ok(REDSHIFT_NS, action, "<Clusters>" + all + "</Clusters>");
                }
                FakeCluster cluster = clusters.get(id);
                if (cluster == null) {
                    return error("redshift", 404, "ClusterNotFound", "Cluster " + id + " not found.");
                }
                if ("deleting".equals(cluster.status)) {
                    if (cluster.deletingPollsLeft-- <= 0) {
                        clusters.remove(id);
                        return error("redshift", 404, "ClusterNotFound", "Cluster " + id + " not found.");
                    }
                } else if (!cluster.script.isEmpty()) {
                    cluster.status = cluster.script.size() > 1 ? cluster.script.poll() : cluster.script.peek();
                }
                return ok(REDSHIFT_NS, action, "<Clusters>" + clusterXml(id, cluster) + "</Clusters>");
            }
            case "DeleteCluster": {
                FakeCluster cluster = clusters.get(id);
                if (cluster == null) {
                    return error("redshift", 404, "ClusterNotFound", "Cluster " + id + " not found.");
                }
                boolean skip = "true".equals(p.get("SkipFinalClusterSnapshot"));
                String finalId = p.get("FinalClusterSnapshotIdentifier");
                if (!skip && finalId == null) {
                    return error("redshift", 400, "InvalidParameterCombination",
                            "FinalClusterSnapshotIdentifier is required unless SkipFinalClusterSnapshot is true.");
                }
                if (!skip) {
                    snapshots.add(new String[] {id, finalId, Instant.now().toString(), "available"});
                }
                cluster.status = "deleting";
                cluster.script.clear();
                cluster.deletingPollsLeft = deletingPolls;
                return ok(REDSHIFT_NS, action, clusterXml(id, cluster));
            }
            case "PauseCluster":
            case "ResumeCluster": {
                FakeCluster cluster = clusters.get(id);
                if (cluster == null) {
                    return error("redshift", 404, "ClusterNotFound", "Cluster " + id + " not found.");
                }
                boolean pause = action.equals("PauseCluster");
                if (!cluster.status.equals(pause ? "available" : "paused")) {
                    return error("redshift", 400, "InvalidClusterState", "You can only " + (pause ? "pause" : "resume")
                            + " a cluster that is " + (pause ? "available" : "paused") + ".");
                }
                cluster.status = pause ? "pausing" : "resuming";
                cluster.script.clear();
                Deque<String> after = afterPauseOrResume.remove(id);
                cluster.script.addAll(after != null ? after
                        : List.of(cluster.status, pause ? "paused" : "available"));
                return ok(REDSHIFT_NS, action, clusterXml(id, cluster));
            }
            case "DescribeClusterSnapshots": {
                StringBuilder xml = new StringBuilder("<Snapshots>");
                for (String[] s : snapshots) {
                    if (id == null || s[0].equals(id)) {
                        xml.append("<Snapshot><SnapshotIdentifier>").append(esc(s[1]))
                                .append("</SnapshotIdentifier><ClusterIdentifier>").append(esc(s[0]))
                                .append("</ClusterIdentifier><SnapshotCreateTime>").append(s[2])
                                .append("</SnapshotCreateTime><Status>").append(esc(s[3]))
                                .append("</Status><SnapshotType>manual</SnapshotType></Snapshot>");
                    }
                }
                return ok(REDSHIFT_NS, action, xml.append("</Snapshots>").toString());
            }
            default:
                return error("redshift", 400, "InvalidAction", "The action " + action + " is not valid for this fake");
        }
    }

    private static String clusterXml(String id, FakeCluster c) {
        Map<String, String> p = c.created;
        StringBuilder xml = new StringBuilder("<Cluster>")
                .append(el("ClusterIdentifier", id))
                .append(el("NodeType", p.get("NodeType")))
                .append(el("ClusterStatus", c.status))
                .append(el("MasterUsername", p.get("MasterUsername")))
                .append(el("DBName", p.get("DBName")))
                .append(el("NumberOfNodes", p.getOrDefault("NumberOfNodes", "1")));
        if ("available".equals(c.status) || "deleting".equals(c.status)) {
            // Like AWS: no endpoint until the cluster has come up.
            xml.append("<Endpoint>").append(el("Address", address(id)))
                    .append(el("Port", p.getOrDefault("Port", "5439"))).append("</Endpoint>");
        }
        if (p.containsKey("PubliclyAccessible")) {
            xml.append(el("PubliclyAccessible", p.get("PubliclyAccessible")));
        }
        xml.append(el("DefaultIamRoleArn", p.get("DefaultIamRoleArn")));
        xml.append("<IamRoles>");
        p.forEach((k, v) -> {
            if (k.startsWith("IamRoles.")) {
                xml.append("<ClusterIamRole>").append(el("IamRoleArn", v)).append(el("ApplyStatus", "in-sync"))
                        .append("</ClusterIamRole>");
            }
        });
        xml.append("</IamRoles><VpcSecurityGroups>");
        p.forEach((k, v) -> {
            if (k.startsWith("VpcSecurityGroupIds.")) {
                xml.append("<VpcSecurityGroup>").append(el("VpcSecurityGroupId", v)).append(el("Status", "active"))
                        .append("</VpcSecurityGroup>");
            }
        });
        return xml.append("</VpcSecurityGroups></Cluster>").toString();
    }

    // ---- IAM ----

    private Reply iam(String action, Map<String, String> p) {
        String name = p.get("RoleName");
        FakeRole role = name == null ? null : roles.get(name);
        switch (action) {
            case "GetRole":
                return role == null ? noSuchRole(name) : ok(IAM_NS, action, roleXml(name, role));
            case "CreateRole":
                if (role != null) {
                    return error("iam", 409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
                }
                role = new FakeRole(roleArn(name), p.get("AssumeRolePolicyDocument"));
                roles.put(name, role);
                return ok(IAM_NS, action, roleXml(name, role));
            case "AttachRolePolicy":
                if (role == null) {
                    return noSuchRole(name);
                }
                role.policies.add(p.get("PolicyArn"));
                return ok(IAM_NS, action, null);
            case "DetachRolePolicy":
                if (role == null) {
                    return noSuchRole(name);
                }
                if (!role.policies.remove(p.get("PolicyArn"))) {
                    return error("iam", 404, "NoSuchEntity", "Policy " + p.get("PolicyArn") + " was not found.");
                }
                return ok(IAM_NS, action, null);
            case "DeleteRole":
                if (role == null) {
                    return noSuchRole(name);
                }
                if (!role.policies.isEmpty()) {
                    return error("iam", 409, "DeleteConflict", "Cannot delete entity, must detach all policies first.");
                }
                roles.remove(name);
                return ok(IAM_NS, action, null);
            default:
                return error("iam", 400, "InvalidAction", "The action " + action + " is not valid for this fake");
        }
    }

    private static Reply noSuchRole(String name) {
        return error("iam", 404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
    }

    private static String roleXml(String name, FakeRole role) {
        return "<Role>" + el("Path", "/") + el("RoleName", name) + el("RoleId", "AROA" + Math.abs(name.hashCode()))
                + el("Arn", role.arn) + el("CreateDate", "2024-01-01T00:00:00Z")
                + el("AssumeRolePolicyDocument", urlEncoded(role.assumeRolePolicy)) + "</Role>";
    }

    // IAM returns the policy document URL-encoded.
    private static String urlEncoded(String policy) {
        return policy == null ? "" : java.net.URLEncoder.encode(policy, StandardCharsets.UTF_8);
    }

    private static String el(String name, String value) {
        return value == null ? "" : "<" + name + ">" + esc(value) + "</" + name + ">";
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
