package io.sparkfy.dw.target.redshift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.job.Pipeline;
import io.sparkfy.dw.job.QueryResult;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.settings.IamSignIn;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.Warehouses;
import io.sparkfy.dw.testing.EmbeddedWarehouse;
import io.sparkfy.dw.testing.FakeRedshiftCredentials;
import io.sparkfy.dw.testing.RecordingLog;
import io.sparkfy.dw.testing.RedshiftStartupProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IAM sign-in for real: the Amazon Redshift JDBC driver at a {@code jdbc:redshift:iam:} URL takes AWS credentials
 * from the SDK's default chain (here the {@code aws.accessKeyId} system properties), asks the in-process fake AWS
 * for temporary credentials, and signs in with them, through the start-up proxy, to an embedded PostgreSQL that
 * accepts that user only with that password (md5). No password is configured anywhere.
 */
class RedshiftIamSignInTest {

    private static final String ACCESS_KEY = "AKIAIAMSIGNINTEST01";
    private static final String SECRET_KEY = "iamSignIn/Secret+KeyThatMustNeverShow";

    @TempDir
    static Path temp;
    static EmbeddedWarehouse postgres;
    static RedshiftStartupProxy proxy;
    static FakeRedshiftCredentials aws;
    static final List<String> messages = new ArrayList<>();
    RecordingLog log = new RecordingLog();

    @BeforeAll
    static void start() throws Exception {
        postgres = new EmbeddedWarehouse(temp.resolve("pgdata"), new RecordingLog());
        // Every user but the test's own superuser must give its password over TCP (md5: the driver speaks no SCRAM).
        Path hba = temp.resolve("pgdata/pg_hba.conf");
        Files.writeString(hba, "host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n"
                + "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n"
                + Files.readString(hba));
        postgres.execute("SELECT pg_reload_conf()");
        // The fake hands out a fresh password per call; PostgreSQL is told to accept exactly that one.
        aws = new FakeRedshiftCredentials((user, password) -> postgres.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1"
                + " FROM pg_roles WHERE rolname = '" + user + "') THEN CREATE ROLE \"" + user + "\" LOGIN; END IF;"
                + " PERFORM set_config('password_encryption', 'md5', true);"
                + " ALTER ROLE \"" + user + "\" PASSWORD '" + password + "'; END $$"));
        try (Connection connection = postgres.warehouse.connect()) {
            String url = connection.getMetaData().getURL();
            // The driver signs in with IAM over TLS only: the proxy ends TLS (a throw-away self-signed key).
            proxy = RedshiftStartupProxy.startTls("127.0.0.1", Integer.parseInt(url.replaceAll(".*:(\\d+)/.*", "$1")),
                    temp);
        }
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        proxy.close();
        aws.close();
        postgres.close();
    }

    @AfterEach
    void noPasswordAnywhere() {
        List<String> everything = new ArrayList<>(log.lines);
        everything.addAll(messages);
        for (String line : everything) {
            for (String password : aws.passwords()) {
                assertFalse(line.contains(password), "a temporary password showed: " + line);
            }
            assertFalse(line.contains(SECRET_KEY), "the secret key showed: " + line);
        }
    }

    private String iamUrl(String options) {
        return "jdbc:redshift:iam://127.0.0.1:" + proxy.port() + "/postgres?ssl=true"
                + "&sslfactory=com.amazon.redshift.ssl.NonValidatingFactory&Region=us-west-2&endpointUrl="
                + aws.endpoint() + "&IAMDisableCache=true&" + options;
    }

    private QueryResult whoAmI(WarehouseSettings settings) {
        try (Pipeline pipeline = Pipeline.builder(log).open(settings)) {
            return pipeline.query("SELECT current_user, session_user", 10);
        }
    }

    @Test
    void aClusterSignInAsksGetClusterCredentialsAndSignsInWithTheTemporaryLogin() {
        WarehouseSettings settings = new WarehouseSettings(iamUrl("ClusterID=sparkfy-dw"), null, null, null)
                .withIam(new IamSignIn("etl_bot", true, List.of("loaders", "analysts")));
        assertNull(settings.password());
        int before = aws.requests().size();

        QueryResult who = whoAmI(settings);

        assertEquals(List.of(List.of("IAM:etl_bot", "IAM:etl_bot")), who.rows());
        List<FakeRedshiftCredentials.Request> calls = aws.requests().subList(before, aws.requests().size());
        FakeRedshiftCredentials.Request call = calls.stream()
                .filter(r -> r.action().equals("GetClusterCredentials")).findFirst().orElseThrow(
                        () -> new AssertionError("no GetClusterCredentials among " + calls));
        assertEquals("etl_bot", call.param("DbUser"));
        assertEquals("true", call.param("AutoCreate"));
        assertEquals("loaders", call.param("DbGroups.DbGroup.1"));
        assertEquals("analysts", call.param("DbGroups.DbGroup.2"));
        assertEquals("sparkfy-dw", call.param("ClusterIdentifier"));
        assertEquals("postgres", call.param("DbName"));
        // Signed with the default chain's key (SigV4 names the access key, never the secret).
        assertTrue(call.authorization().contains("Credential=" + ACCESS_KEY + "/"), call.authorization());
    }

    @Test
    void aServerlessWorkgroupSignInAsksGetCredentials() {
        WarehouseSettings settings = new WarehouseSettings(
                iamUrl("isServerless=true&serverlessWorkGroup=sparkfy-wg&serverlessAcctId=123456789012"), null, null,
                null);
        int before = aws.requests().size();

        QueryResult who = whoAmI(settings);

        assertEquals("IAM:sparkfy-iam", who.rows().get(0).get(0));
        List<FakeRedshiftCredentials.Request> calls = aws.requests().subList(before, aws.requests().size());
        FakeRedshiftCredentials.Request call = calls.stream().filter(r -> r.action().equals("GetCredentials"))
                .findFirst().orElseThrow(() -> new AssertionError("no GetCredentials among " + calls));
        assertEquals("sparkfy-wg", call.param("workgroupName"));
        assertEquals("postgres", call.param("dbName"));
    }

    /**
     * A CI runner's OIDC sign-in: no AWS keys at all, only a web identity token file and a role, which the default
     * chain trades at STS (the fake) for temporary keys; those sign the GetClusterCredentials call.
     */
    @Test
    void theDefaultChainsWebIdentityTokenSignsTheCredentialsCall() throws Exception {
        Path token = temp.resolve("oidc-token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.ci-runner-token.signature");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.setProperty("aws.webIdentityTokenFile", token.toString());
        System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/ci-deploy");
        System.setProperty("aws.roleSessionName", "ci");
        System.setProperty("aws.region", "us-west-2");
        System.setProperty("aws.endpointUrlSts", aws.endpoint().toString());
        int before = aws.requests().size();
        try {
            QueryResult who = whoAmI(new WarehouseSettings(iamUrl("ClusterID=sparkfy-dw"), null, null, null)
                    .withIam(new IamSignIn("ci_loader", null, List.of())));
            assertEquals("IAM:ci_loader", who.rows().get(0).get(0));
        } finally {
            List.of("aws.webIdentityTokenFile", "aws.roleArn", "aws.roleSessionName", "aws.region",
                    "aws.endpointUrlSts").forEach(System::clearProperty);
            System.setProperty("aws.accessKeyId", ACCESS_KEY);
            System.setProperty("aws.secretAccessKey", SECRET_KEY);
        }
        List<FakeRedshiftCredentials.Request> calls = aws.requests().subList(before, aws.requests().size());
        FakeRedshiftCredentials.Request assume = calls.stream()
                .filter(r -> r.action().equals("AssumeRoleWithWebIdentity")).findFirst()
                .orElseThrow(() -> new AssertionError("no AssumeRoleWithWebIdentity among " + calls));
        assertEquals("arn:aws:iam::123456789012:role/ci-deploy", assume.param("RoleArn"));
        assertEquals("eyJhbGciOiJSUzI1NiJ9.ci-runner-token.signature", assume.param("WebIdentityToken"));
        FakeRedshiftCredentials.Request credentials = calls.stream()
                .filter(r -> r.action().equals("GetClusterCredentials")).findFirst().orElseThrow();
        assertTrue(credentials.authorization().contains("Credential=" + FakeRedshiftCredentials.WEB_IDENTITY_KEY + "/"),
                credentials.authorization());
    }

    /**
     * The test class path holds more than the plugin's (s3proxy brings SDK modules too), so this checks what the
     * plugin ships: the driver's IAM path fails with NoClassDefFoundError without these (driver issues #101, #120).
     */
    @Test
    void theSdkModulesTheDriversIamPathNeedsShipWithThePlugin() throws Exception {
        String descriptor;
        try (var in = getClass().getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            descriptor = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String module : List.of("redshift", "redshiftserverless", "sts", "url-connection-client")) {
            assertTrue(descriptor.contains("<groupId>software.amazon.awssdk</groupId>\n      <artifactId>" + module
                    + "</artifactId>"), "the plugin's dependencies lack software.amazon.awssdk:" + module);
        }
    }

    @Test
    void aConfiguredPasswordIsRefusedWithIam() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> Warehouses.open(new WarehouseSettings(
                iamUrl("ClusterID=sparkfy-dw"), "etl_bot", "Not-Used-Pw1", null), log));
        messages.add(e.getMessage());
        assertTrue(e.getMessage().contains("no password is used: unset sparkfy.password"), e.getMessage());
        assertFalse(e.getMessage().contains("Not-Used-Pw1"));
    }

    @Test
    void iamSettingsWithoutAnIamUrlAreAClearError() {
        SparkfyException e = assertThrows(SparkfyException.class, () -> Warehouses.open(new WarehouseSettings(
                "jdbc:redshift://127.0.0.1:5439/dev", "u", "p", null).withIam(new IamSignIn("etl_bot", null,
                List.of())), log));
        assertTrue(e.getMessage().startsWith("sparkfy.dbUser, sparkfy.autoCreate and sparkfy.dbGroups are for IAM"),
                e.getMessage());
    }

    @Test
    void theWarehouseHoldsNoPasswordProperty() {
        try (Warehouse warehouse = Warehouses.open(new WarehouseSettings(iamUrl("ClusterID=sparkfy-dw"), null, null,
                null).withIam(new IamSignIn("etl_bot", null, List.of())), log)) {
            RedshiftWarehouse redshift = (RedshiftWarehouse) warehouse;
            assertNull(redshift.properties().getProperty("password"));
            assertEquals("etl_bot", redshift.properties().getProperty("DbUser"));
            assertFalse(warehouse.description().toLowerCase().contains("password"), warehouse.description());
        }
    }
}
