package io.sparkfy.dw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An in-process Redshift Serverless API (JSON 1.1, {@code RedshiftServerless.*} targets) for the Serverless goals:
 * CreateNamespace, GetNamespace, DeleteNamespace, CreateWorkgroup, GetWorkgroup, DeleteWorkgroup, ListSnapshots. A
 * new workgroup reports the statuses a test scripts (default CREATING once, then AVAILABLE, with its endpoint); a
 * deleted workgroup or namespace reports DELETING for {@link #deletingPolls} reads, then is gone. Like AWS, a
 * namespace with a workgroup cannot be deleted, and a final snapshot name leaves a snapshot behind.
 */
public final class FakeRedshiftServerless implements AutoCloseable {

    public record Request(String action, Map<String, Object> body) {
        public Object get(String key) {
            return body.get(key);
        }
    }

    private static final class Resource {
        final Map<String, Object> created;
        String status;
        final Deque<String> script = new ArrayDeque<>();
        int deletingLeft = -1;

        Resource(Map<String, Object> created, String status) {
            this.created = created;
            this.status = status;
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Resource> namespaces = new LinkedHashMap<>();
    private final Map<String, Resource> workgroups = new LinkedHashMap<>();
    private final List<Map<String, Object>> snapshots = new ArrayList<>();
    private final Map<String, String[]> failures = new LinkedHashMap<>();
    private List<String> workgroupScript = List.of("CREATING", "AVAILABLE");
    private int deletingPolls = 1;

    public FakeRedshiftServerless() {
        server = LoopbackHttp.start("the fake Redshift Serverless", this::handle);
    }

    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    public static String address(String workgroup) {
        return workgroup + ".123456789012.us-west-2.redshift-serverless.amazonaws.com";
    }

    /** The statuses successive reads of a new workgroup report; the last sticks. */
    public synchronized void scriptWorkgroup(String... statuses) {
        workgroupScript = List.of(statuses);
    }

    public synchronized void deletingPolls(int polls) {
        deletingPolls = polls;
    }

    public synchronized void putNamespace(String name, String dbName) {
        namespaces.put(name, new Resource(new LinkedHashMap<>(Map.of("namespaceName", name, "dbName", dbName,
                "adminUsername", "admin")), "AVAILABLE"));
    }

    public synchronized void putWorkgroup(String name, String namespace, String status) {
        workgroups.put(name, new Resource(new LinkedHashMap<>(Map.of("workgroupName", name, "namespaceName",
                namespace, "baseCapacity", 8L)), status));
    }

    public synchronized void addSnapshot(String namespace, String name, Instant created) {
        snapshots.add(snapshot(namespace, name, created));
    }

    /** The next call of {@code action} answers HTTP {@code status} with this error type. */
    public synchronized void failNext(String action, int status, String type, String message) {
        failures.put(action, new String[] {Integer.toString(status), type, message});
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<String> actions() {
        return requests.stream().map(Request::action).toList();
    }

    public synchronized Request single(String action) {
        List<Request> matching = requests.stream().filter(r -> r.action().equals(action)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + action + ", got " + matching.size() + " in " + actions());
        }
        return matching.get(0);
    }

    public synchronized boolean hasNamespace(String name) {
        return namespaces.containsKey(name);
    }

    public synchronized List<String> snapshotNames() {
        return snapshots.stream().map(s -> (String) s.get("snapshotName")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static final class Failure extends RuntimeException {
        final int status;
        final String type;

        Failure(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
            Map<String, Object> request = Json.object(body);
            int status = 200;
            Object reply;
            synchronized (this) {
                requests.add(new Request(action, request));
                try {
                    String[] failure = failures.remove(action);
                    if (failure != null) {
                        throw new Failure(Integer.parseInt(failure[0]), failure[1], failure[2]);
                    }
                    reply = answer(action, request);
                } catch (Failure e) {
                    status = e.status;
                    reply = Map.of("__type", e.type, "message", e.getMessage());
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
                }
            }
            byte[] bytes = Json.write(reply).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object answer(String action, Map<String, Object> r) {
        switch (action) {
            case "CreateNamespace": {
                String name = (String) r.get("namespaceName");
                if (namespaces.containsKey(name)) {
                    throw new Failure(409, "ConflictException", "Namespace " + name + " already exists");
                }
                Map<String, Object> created = new LinkedHashMap<>(r);
                created.remove("adminUserPassword");
                if (Boolean.TRUE.equals(r.get("manageAdminPassword"))) {
                    created.put("adminPasswordSecretArn", "arn:aws:secretsmanager:us-west-2:123456789012:secret:"
                            + "redshift!" + name + "-admin-AbCdEf");
                }
                namespaces.put(name, new Resource(created, "AVAILABLE"));
                return Map.of("namespace", namespace(name, namespaces.get(name)));
            }
            case "GetNamespace": {
                String name = (String) r.get("namespaceName");
                Resource ns = read(namespaces, name, "Namespace");
                return Map.of("namespace", namespace(name, ns));
            }
            case "DeleteNamespace": {
                String name = (String) r.get("namespaceName");
                Resource ns = namespaces.get(name);
                if (ns == null) {
                    throw new Failure(400, "ResourceNotFoundException", "Namespace " + name + " is not found");
                }
                if (workgroups.values().stream().anyMatch(w -> name.equals(w.created.get("namespaceName")))) {
                    throw new Failure(409, "ConflictException", "Namespace " + name + " has a workgroup: delete it"
                            + " first");
                }
                if (r.get("finalSnapshotName") != null) {
                    snapshots.add(snapshot(name, (String) r.get("finalSnapshotName"), Instant.now()));
                }
                ns.status = "DELETING";
                ns.deletingLeft = deletingPolls;
                return Map.of("namespace", namespace(name, ns));
            }
            case "CreateWorkgroup": {
                String name = (String) r.get("workgroupName");
                if (workgroups.containsKey(name)) {
                    throw new Failure(409, "ConflictException", "Workgroup " + name + " already exists");
                }
                if (!namespaces.containsKey(r.get("namespaceName"))) {
                    throw new Failure(400, "ResourceNotFoundException", "Namespace " + r.get("namespaceName")
                            + " is not found");
                }
                Resource wg = new Resource(new LinkedHashMap<>(r), workgroupScript.get(0));
                wg.script.addAll(workgroupScript);
                workgroups.put(name, wg);
                return Map.of("workgroup", workgroup(name, wg));
            }
            case "GetWorkgroup": {
                String name = (String) r.get("workgroupName");
                Resource wg = read(workgroups, name, "Workgroup");
                if (wg.deletingLeft < 0 && !wg.script.isEmpty()) {
                    wg.status = wg.script.size() > 1 ? wg.script.poll() : wg.script.peek();
                }
                return Map.of("workgroup", workgroup(name, wg));
            }
            case "DeleteWorkgroup": {
                String name = (String) r.get("workgroupName");
                Resource wg = workgroups.get(name);
                if (wg == null) {
                    throw new Failure(400, "ResourceNotFoundException", "Workgroup " + name + " is not found");
                }
                wg.status = "DELETING";
                wg.script.clear();
                wg.deletingLeft = deletingPolls;
                return Map.of("workgroup", workgroup(name, wg));
            }
            case "ListSnapshots": {
                String namespace = (String) r.get("namespaceName");
                return Map.of("snapshots", snapshots.stream()
                        .filter(s -> namespace == null || namespace.equals(s.get("namespaceName"))).toList());
            }
            default:
                throw new Failure(400, "ValidationException", "the fake does not answer " + action);
        }
    }

    /** A read: a deleted resource says DELETING for its last polls, then is not found. */
    private static Resource read(Map<String, Resource> resources, String name, String kind) {
        Resource resource = resources.get(name);
        if (resource != null && resource.deletingLeft >= 0 && resource.deletingLeft-- == 0) {
            resources.remove(name);
            resource = null;
        }
        if (resource == null) {
            throw new Failure(400, "ResourceNotFoundException", kind + " " + name + " is not found");
        }
        return resource;
    }

    private static Map<String, Object> namespace(String name, Resource ns) {
        Map<String, Object> out = new LinkedHashMap<>(ns.created);
        out.put("namespaceName", name);
        out.put("namespaceArn", "arn:aws:redshift-serverless:us-west-2:123456789012:namespace/" + name);
        out.put("status", ns.status);
        return out;
    }

    private static Map<String, Object> workgroup(String name, Resource wg) {
        Map<String, Object> out = new LinkedHashMap<>(wg.created);
        out.put("workgroupName", name);
        out.put("status", wg.status);
        if ("AVAILABLE".equals(wg.status) || "DELETING".equals(wg.status)) {
            out.put("endpoint", Map.of("address", address(name), "port", 5439L));
        }
        return out;
    }

    private static Map<String, Object> snapshot(String namespace, String name, Instant created) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("namespaceName", namespace);
        snapshot.put("snapshotName", name);
        snapshot.put("snapshotCreateTime", created.toString()); // the model says ISO-8601 here
        snapshot.put("status", "AVAILABLE");
        return snapshot;
    }
}
