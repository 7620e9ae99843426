package io.sparkfy.dw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-process Redshift Data API (JSON 1.1, {@code RedshiftData.*} targets) that the real SDK v2 client reaches
 * through its endpoint override, and that runs the statements on a PostgreSQL: ExecuteStatement (one statement,
 * auto-committed), BatchExecuteStatement (all of them in one transaction, rolled back whole when one fails),
 * DescribeStatement (STARTED for the first {@link #pollsBeforeDone} polls of a statement, or of those {@link #slow},
 * then FINISHED or FAILED, sub-statements included), GetStatementResult (pages of {@link #pageSize} records, with
 * NextToken) and CancelStatement. Any call can be made to answer an AWS error instead ({@link #failNext}).
 *
 * <p>A statement that answers STARTED runs at once, but its transaction stays open until its last STARTED poll
 * and commits then: a CancelStatement before that rolls it back (ABORTED), one after it finds it done and cancels
 * nothing ({@code Status} false), as a cancel that comes too late. {@link #onPoll} lets a test act at a given poll.
 *
 * <p>Like Redshift, its sessions take a backslash as an escape in string literals ({@code
 * standard_conforming_strings} off). Redshift's table attributes PostgreSQL has not (DISTSTYLE, DISTKEY, SORTKEY,
 * ENCODE, IDENTITY(seed, step)) are rewritten in CREATE TABLE only; everything else, COPY from S3 included, reaches
 * PostgreSQL as sent, and what PostgreSQL refuses fails as Redshift would report it ("ERROR: ..."), unless a test
 * does the COPYs itself ({@link #copies}).
 */
public final class FakeRedshiftDataApi implements AutoCloseable {

    /** One call: the action and its JSON body. */
    public record Request(String action, Map<String, Object> body, String authorization) {
        public Object get(String key) {
            return body.get(key);
        }
    }

    private static final class Run {
        final String sql;
        String status = "FINISHED";
        String error;
        long resultRows = -1;
        List<Map<String, Object>> columns;
        List<List<Map<String, Object>>> records;

        Run(String sql) {
            this.sql = sql;
        }
    }

    private static final class Submitted {
        final List<Run> runs = new ArrayList<>();
        final boolean batch;
        int pollsBeforeDone;
        String status = "FINISHED";
        String error;
        int polls;
        Connection open; // its transaction, while it answers STARTED

        Submitted(boolean batch, int pollsBeforeDone) {
            this.batch = batch;
            this.pollsBeforeDone = pollsBeforeDone;
        }
    }

    private static final Pattern IDENTITY = Pattern.compile("(?i)IDENTITY\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern TABLE_ATTRIBUTES = Pattern.compile(
            "(?i)\\bDISTSTYLE\\s+\\w+|\\bDISTKEY\\s*\\([^)]*\\)|\\b(?:COMPOUND\\s+|INTERLEAVED\\s+)?SORTKEY\\s*\\([^)]*\\)"
                    + "|\\bENCODE\\s+\\w+");

    private final HttpServer server;
    private final String jdbcUrl;
    private final Properties login = new Properties();
    private final List<Request> requests = new ArrayList<>();
    private final Map<String, Submitted> statements = new LinkedHashMap<>();
    private final Map<String, Refused> failures = new LinkedHashMap<>();
    private int pollsBeforeDone;
    private String slowSql;
    private int slowPolls;
    private int pageSize = 1000;
    private Poll poll;
    private Poll answering; // the poll waited for, being answered now

    /** What a test makes of Redshift's COPY, which PostgreSQL cannot run: the rows it loaded. */
    @FunctionalInterface
    public interface CopyHandler {
        long copy(Connection session, String sql) throws Exception;
    }

    private CopyHandler copies;

    /** A poll a test waits for: {@code reached} once its answer is ready, sent when {@code answer} opens. */
    private record Poll(String sql, int number, CountDownLatch reached, CountDownLatch answer) {
    }

    /** Runs the statements on the PostgreSQL at {@code jdbcUrl} as {@code user} (no password: a trusted login). */
    public FakeRedshiftDataApi(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        login.setProperty("user", user);
        server = LoopbackHttp.start("the fake Data API", this::handle);
    }

    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    /**
     * From now on each COPY of a submission is done by {@code handler} in the submission's session and transaction
     * (its exception fails the statement as an error of PostgreSQL's would), instead of reaching PostgreSQL.
     */
    public synchronized void copies(CopyHandler handler) {
        copies = handler;
    }

    /** How many DescribeStatement calls of each statement answer STARTED before it is done. */
    public synchronized void pollsBeforeDone(int polls) {
        this.pollsBeforeDone = polls;
    }

    /** Records per GetStatementResult page. */
    public synchronized void pageSize(int records) {
        this.pageSize = records;
    }

    /** Statements whose SQL contains {@code sql} (null: none) answer STARTED for their first {@code polls} polls. */
    public synchronized void slow(String sql, int polls) {
        this.slowSql = sql;
        this.slowPolls = polls;
    }

    /**
     * The {@code number}-th DescribeStatement of a statement whose SQL contains {@code sql}: the latch returned
     * opens when its answer is ready, which is sent once {@code answer} opens (the caller in the SDK's call meanwhile).
     */
    public synchronized CountDownLatch onPoll(String sql, int number, CountDownLatch answer) {
        poll = new Poll(sql, number, new CountDownLatch(1), answer);
        return poll.reached;
    }

    /** The next call of {@code action} answers HTTP 400 with the AWS error {@code type} (AccessDeniedException...). */
    public synchronized void failNext(String action, String type, String message) {
        failures.put(action, new Refused(type, message));
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Request> requests(String action) {
        return requests.stream().filter(r -> r.action().equals(action)).toList();
    }

    /** The id of the last statement submitted whose SQL contains {@code sql}, or null. */
    public synchronized String idOf(String sql) {
        String id = null;
        for (Map.Entry<String, Submitted> e : statements.entrySet()) {
            if (e.getValue().runs.stream().anyMatch(r -> r.sql.contains(sql))) {
                id = e.getKey();
            }
        }
        return id;
    }

    /** The statements of every BatchExecuteStatement, in order. */
    @SuppressWarnings("unchecked")
    public synchronized List<List<String>> batches() {
        return requests("BatchExecuteStatement").stream().map(r -> (List<String>) (List<?>) r.get("Sqls")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        synchronized (this) {
            statements.values().forEach(FakeRedshiftDataApi::end);
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
            Poll reached = null;
            synchronized (this) {
                requests.add(new Request(action, request, exchange.getRequestHeaders().getFirst("Authorization")));
                Refused failure = failures.remove(action);
                try {
                    if (failure != null) {
                        throw failure;
                    }
                    reply = switch (action) {
                        case "ExecuteStatement" -> submit(request, false);
                        case "BatchExecuteStatement" -> submit(request, true);
                        case "DescribeStatement" -> describe(request);
                        case "GetStatementResult" -> result(request);
                        case "CancelStatement" -> cancel(request);
                        default -> throw new Refused("the fake does not answer " + action);
                    };
                } catch (Refused e) {
                    status = 400;
                    reply = Map.of("__type", e.type, "Message", e.getMessage());
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type);
                }
                reached = answering;
                answering = null;
            }
            if (reached != null) { // outside the lock: the test may call the fake meanwhile
                reached.reached.countDown();
                try {
                    reached.answer.await(Waits.GUARD_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
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

    private static final class Refused extends RuntimeException {
        final String type;

        Refused(String message) {
            this("ValidationException", message);
        }

        Refused(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> submit(Map<String, Object> request, boolean batch) {
        if (request.get("Database") == null) {
            throw new Refused("Database is required");
        }
        if ((request.get("ClusterIdentifier") == null) == (request.get("WorkgroupName") == null)) {
            throw new Refused("exactly one of ClusterIdentifier and WorkgroupName is required");
        }
        List<String> sqls = batch ? (List<String>) (List<?>) request.get("Sqls") : List.of((String) request.get("Sql"));
        if (sqls == null || sqls.isEmpty() || sqls.size() > 40) {
            throw new Refused("Sqls must hold 1 to 40 statements");
        }
        boolean slow = slowSql != null && sqls.stream().anyMatch(sql -> sql.contains(slowSql));
        Submitted submitted = new Submitted(batch, slow ? slowPolls : pollsBeforeDone);
        sqls.forEach(sql -> submitted.runs.add(new Run(sql)));
        run(submitted);
        String id = UUID.randomUUID().toString();
        statements.put(id, submitted);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Id", id);
        reply.put("CreatedAt", System.currentTimeMillis() / 1000.0);
        reply.put("Database", request.get("Database"));
        if (request.get("ClusterIdentifier") != null) {
            reply.put("ClusterIdentifier", request.get("ClusterIdentifier"));
        } else {
            reply.put("WorkgroupName", request.get("WorkgroupName"));
        }
        return reply;
    }

    /**
     * Every statement of a submission in one transaction: all committed (a slow one's later), or all rolled back at the
     * first error.
     */
    private void run(Submitted submitted) {
        Connection connection = null;
        try {
            connection = new org.postgresql.Driver().connect(jdbcUrl, login);
            try (Statement session = connection.createStatement()) {
                session.execute("SET standard_conforming_strings = off");
                session.execute("SET escape_string_warning = off");
            }
            connection.setAutoCommit(false);
            int failed = -1;
            for (int i = 0; i < submitted.runs.size(); i++) {
                Run run = submitted.runs.get(i);
                try (Statement statement = connection.createStatement()) {
                    CopyHandler copy = copyHandler();
                    if (copy != null && run.sql.startsWith("COPY ")) {
                        run.resultRows = copy.copy(connection, run.sql);
                    } else if (statement.execute(postgres(run.sql))) {
                        read(run, statement.getResultSet());
                    } else {
                        run.resultRows = statement.getUpdateCount();
                    }
                } catch (Exception e) {
                    run.status = "FAILED";
                    run.error = "ERROR: " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                            .replaceFirst("^ERROR: ", "");
                    failed = i;
                    break;
                }
            }
            if (failed < 0 && submitted.pollsBeforeDone > 0) {
                submitted.open = connection; // committed at its last STARTED poll, rolled back by a cancel
                connection = null;
                return;
            }
            if (failed < 0) {
                connection.commit();
                return;
            }
            connection.rollback();
            submitted.status = "FAILED";
            submitted.error = submitted.runs.get(failed).error;
            for (int i = failed + 1; i < submitted.runs.size(); i++) {
                submitted.runs.get(i).status = "ABORTED";
            }
            for (int i = 0; i < failed; i++) {
                submitted.runs.get(i).resultRows = -1; // rolled back with the rest
            }
        } catch (SQLException e) {
            throw new Refused("the fake cannot reach its PostgreSQL: " + e.getMessage());
        } finally {
            close(connection);
        }
    }

    private synchronized CopyHandler copyHandler() {
        return copies;
    }

    /** A statement still open ends: committed (at its last STARTED poll), or rolled back (cancelled, or the end). */
    private static void end(Submitted submitted, boolean commit) {
        Connection connection = submitted.open;
        submitted.open = null;
        try {
            if (commit) {
                connection.commit();
            } else {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new Refused("the fake cannot end its transaction: " + e.getMessage());
        } finally {
            close(connection);
        }
    }

    private static void end(Submitted submitted) {
        if (submitted.open != null) {
            end(submitted, false);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the fake's PostgreSQL is gone: nothing to close
            }
        }
    }

    /** A statement still running is rolled back and ABORTED; one done already is left as it ended. */
    private Map<String, Object> cancel(Map<String, Object> request) {
        Submitted submitted = statements.get((String) request.get("Id"));
        if (submitted == null) {
            throw new Refused("Query does not exist: " + request.get("Id"));
        }
        if (submitted.open == null) {
            return Map.of("Status", false);
        }
        end(submitted, false);
        submitted.pollsBeforeDone = submitted.polls; // answers ABORTED from now on
        submitted.status = "ABORTED";
        submitted.error = "Query (" + request.get("Id") + ") cancelled on user's request";
        for (Run run : submitted.runs) {
            run.status = "ABORTED";
            run.resultRows = -1;
        }
        return Map.of("Status", true);
    }

    /** Redshift's table attributes that PostgreSQL lacks, rewritten in CREATE TABLE; anything else as sent. */
    static String postgres(String sql) {
        if (!sql.stripLeading().regionMatches(true, 0, "CREATE TABLE", 0, 12)) {
            return sql;
        }
        Matcher identity = IDENTITY.matcher(sql);
        String rewritten = identity.replaceAll(
                "GENERATED BY DEFAULT AS IDENTITY (START WITH $1 INCREMENT BY $2 MINVALUE $1)");
        return TABLE_ATTRIBUTES.matcher(rewritten).replaceAll("");
    }

    private static void read(Run run, ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        run.columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", meta.getColumnName(i));
            column.put("label", meta.getColumnLabel(i));
            column.put("typeName", meta.getColumnTypeName(i));
            column.put("nullable", meta.isNullable(i));
            column.put("precision", meta.getPrecision(i));
            column.put("scale", meta.getScale(i));
            column.put("isSigned", meta.isSigned(i));
            run.columns.add(column);
        }
        run.records = new ArrayList<>();
        while (rs.next()) {
            List<Map<String, Object>> record = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                String type = meta.getColumnTypeName(i);
                Object value = rs.getObject(i);
                if (value == null) {
                    record.add(Map.of("isNull", true));
                } else if (type.startsWith("int")) {
                    record.add(Map.of("longValue", rs.getLong(i)));
                } else if (type.startsWith("float")) {
                    record.add(Map.of("doubleValue", rs.getDouble(i)));
                } else if (type.equals("bool")) {
                    record.add(Map.of("booleanValue", rs.getBoolean(i)));
                } else {
                    record.add(Map.of("stringValue", rs.getString(i)));
                }
            }
            run.records.add(record);
        }
        run.resultRows = run.records.size();
    }

    private Map<String, Object> describe(Map<String, Object> request) {
        String id = (String) request.get("Id");
        Submitted submitted = statements.get(id);
        if (submitted == null) {
            throw new Refused("Query does not exist: " + id);
        }
        boolean running = submitted.polls++ < submitted.pollsBeforeDone;
        if (submitted.open != null && submitted.polls == submitted.pollsBeforeDone) {
            end(submitted, true); // its last STARTED poll: done on the server, the caller learns it at the next
        }
        if (poll != null && poll.number == submitted.polls && submitted.runs.stream()
                .anyMatch(r -> r.sql.contains(poll.sql))) {
            answering = poll;
            poll = null;
        }
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("Id", id);
        reply.put("Status", running ? "STARTED" : submitted.status);
        reply.put("CreatedAt", System.currentTimeMillis() / 1000.0);
        reply.put("UpdatedAt", System.currentTimeMillis() / 1000.0);
        if (!running && submitted.error != null) {
            reply.put("Error", submitted.error);
        }
        if (submitted.batch) {
            List<Map<String, Object>> subs = new ArrayList<>();
            for (int i = 0; i < submitted.runs.size(); i++) {
                Run run = submitted.runs.get(i);
                Map<String, Object> sub = new LinkedHashMap<>();
                sub.put("Id", id + ":" + (i + 1));
                // while running: the first half done, to give progress something to count
                sub.put("Status", running ? (i < submitted.runs.size() / 2 ? "FINISHED" : "STARTED") : run.status);
                sub.put("QueryString", run.sql);
                sub.put("HasResultSet", run.records != null);
                sub.put("ResultRows", run.resultRows);
                if (!running && run.error != null) {
                    sub.put("Error", run.error);
                }
                subs.add(sub);
            }
            reply.put("SubStatements", subs);
            reply.put("HasResultSet", false);
        } else {
            Run run = submitted.runs.get(0);
            reply.put("QueryString", run.sql);
            reply.put("HasResultSet", run.records != null);
            reply.put("ResultRows", run.resultRows);
        }
        return reply;
    }

    private Map<String, Object> result(Map<String, Object> request) {
        String id = (String) request.get("Id");
        int colon = id.lastIndexOf(':');
        Submitted submitted = statements.get(colon > 8 ? id.substring(0, colon) : id);
        if (submitted == null) {
            throw new Refused("Query does not exist: " + id);
        }
        Run run = colon > 8 ? submitted.runs.get(Integer.parseInt(id.substring(colon + 1)) - 1) : submitted.runs.get(0);
        if (submitted.polls <= submitted.pollsBeforeDone || !"FINISHED".equals(run.status) || run.records == null) {
            throw new Refused("Query " + id + " has no result (not finished, or not a query)");
        }
        int from = request.get("NextToken") == null ? 0 : Integer.parseInt((String) request.get("NextToken"));
        int to = Math.min(run.records.size(), from + pageSize);
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("ColumnMetadata", run.columns);
        reply.put("Records", run.records.subList(from, to));
        reply.put("TotalNumRows", run.records.size());
        if (to < run.records.size()) {
            reply.put("NextToken", Integer.toString(to));
        }
        return reply;
    }
}
