package io.sparkfy.dw.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The AWS calls the Redshift JDBC driver makes to sign in with IAM, served in-process on 127.0.0.1: Redshift's
 * {@code GetClusterCredentials} and {@code GetClusterCredentialsWithIAM} (Query protocol, XML) for a cluster, and
 * Redshift Serverless's {@code GetCredentials} (JSON 1.1) for a workgroup; and STS's
 * {@code AssumeRoleWithWebIdentity}, which the SDK's default chain calls for a CI runner's OIDC token (its AWS
 * keys are {@link #WEB_IDENTITY_KEY} and a random secret). Each credentials call draws a fresh password, hands
 * the temporary user and password to {@code issued} (the test makes PostgreSQL accept exactly that login), records
 * the request and answers with them, as AWS does.
 */
public final class FakeRedshiftCredentials implements AutoCloseable {

    /** One credentials call: the action, its parameters (form fields, or the JSON body's top-level fields). */
    public record Request(String action, Map<String, String> params, String authorization) {
        public String param(String name) {
            return params.get(name);
        }
    }

    /** The access key AssumeRoleWithWebIdentity hands out. */
    public static final String WEB_IDENTITY_KEY = "ASIAFAKEWEBIDENTITY1";

    private final HttpServer server;
    private final BiConsumer<String, String> issued;
    private final List<Request> requests = new ArrayList<>();
    private final List<String> passwords = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    /** {@code issued} gets (temporary user, temporary password) before the answer goes out. */
    public FakeRedshiftCredentials(BiConsumer<String, String> issued) {
        this.issued = issued;
        server = LoopbackHttp.start("the fake credentials server", this::handle);
    }

    public URI endpoint() {
        return LoopbackHttp.endpoint(server);
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Every temporary password (and web identity secret key) handed out, to check none of them shows anywhere. */
    public synchronized List<String> passwords() {
        return List.copyOf(passwords);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] reply;
            String type;
            int status = 200;
            synchronized (this) {
                if (target != null) { // JSON 1.1: Redshift Serverless
                    String action = target.substring(target.indexOf('.') + 1);
                    Map<String, String> params = new TreeMap<>();
                    Json.object(body).forEach((k, v) -> params.put(k, v instanceof String || v == null
                            ? (String) v : v instanceof Map || v instanceof List ? Json.write(v) : v.toString()));
                    requests.add(new Request(action, params, authorization));
                    type = "application/x-amz-json-1.1";
                    if (action.equals("GetCredentials")) {
                        String user = "IAM:" + (params.containsKey("customDomainName") ? "custom" : "sparkfy-iam");
                        String password = issue(user);
                        long expires = Instant.now().plusSeconds(900).getEpochSecond();
                        reply = ("{\"dbUser\":\"" + user + "\",\"dbPassword\":\"" + password + "\",\"expiration\":"
                                + expires + ",\"nextRefreshTime\":" + expires + "}").getBytes(StandardCharsets.UTF_8);
                    } else {
                        status = 400;
                        reply = ("{\"__type\":\"ValidationException\",\"message\":\"the fake does not answer "
                                + action + "\"}").getBytes(StandardCharsets.UTF_8);
                    }
                } else { // Query protocol: Redshift
                    Map<String, String> params = new TreeMap<>();
                    parseForm(exchange.getRequestURI().getRawQuery(), params);
                    parseForm(body, params);
                    String action = params.getOrDefault("Action", "");
                    requests.add(new Request(action, params, authorization));
                    type = "text/xml";
                    String ns = "http://redshift.amazonaws.com/doc/2012-12-01/";
                    if (action.equals("GetClusterCredentials") || action.equals("GetClusterCredentialsWithIAM")) {
                        String user = action.equals("GetClusterCredentials")
                                ? "IAM:" + params.get("DbUser") : "IAMR:sparkfy-iam";
                        String password = issue(user);
                        String expires = Instant.now().plusSeconds(900).toString();
                        reply = ("<" + action + "Response xmlns=\"" + ns + "\"><" + action + "Result><DbUser>" + user
                                + "</DbUser><DbPassword>" + password + "</DbPassword><Expiration>" + expires
                                + "</Expiration><NextRefreshTime>" + expires + "</NextRefreshTime></" + action
                                + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID()
                                + "</RequestId></ResponseMetadata></" + action + "Response>")
                                .getBytes(StandardCharsets.UTF_8);
                    } else if (action.equals("AssumeRoleWithWebIdentity")) {
                        String secret = issueSecret();
                        String expires = Instant.now().plusSeconds(900).toString();
                        reply = ("<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                                + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>" + WEB_IDENTITY_KEY
                                + "</AccessKeyId><SecretAccessKey>" + secret + "</SecretAccessKey><SessionToken>token"
                                + secret + "</SessionToken><Expiration>" + expires + "</Expiration></Credentials>"
                                + "<SubjectFromWebIdentityToken>ci</SubjectFromWebIdentityToken><AssumedRoleUser><Arn>"
                                + params.get("RoleArn") + "/ci</Arn><AssumedRoleId>AROAFAKE:ci</AssumedRoleId>"
                                + "</AssumedRoleUser></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>"
                                + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                                + "</AssumeRoleWithWebIdentityResponse>").getBytes(StandardCharsets.UTF_8);
                    } else {
                        status = 400;
                        reply = ("<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>InvalidAction"
                                + "</Code><Message>the fake does not answer " + action + "</Message></Error>"
                                + "<RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>")
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    private String issue(String user) {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String password = "Tmp" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        passwords.add(password);
        issued.accept(user, password);
        return password;
    }

    /** A temporary secret key, remembered like the passwords so that a test can check it never shows. */
    private String issueSecret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        passwords.add(secret);
        return secret;
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
}
