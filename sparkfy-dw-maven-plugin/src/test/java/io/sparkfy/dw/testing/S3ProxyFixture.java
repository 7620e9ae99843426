package io.sparkfy.dw.testing;

import io.sparkfy.dw.source.S3Options;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server in this JVM: S3Proxy on 127.0.0.1 (an ephemeral port) over an in-memory blob store, with
 * signed requests required. {@link #client()} seeds data; {@link #options()} is how the code under test reaches it.
 *
 * <p>The code under test takes its credentials from the SDK's default chain, so while the fixture is open the
 * {@code aws.accessKeyId} and {@code aws.secretAccessKey} system properties hold the fixture's (they come first in
 * that chain); instance metadata is switched off so nothing ever probes the network. {@link #close()} restores the
 * properties as they were.
 */
public final class S3ProxyFixture implements AutoCloseable {

    public static final String IDENTITY = "sparkfy-identity";
    public static final String SECRET = "sparkfy-secret-Zq8d3Lr1";
    public static final String REGION = "us-east-1";

    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
        "aws.disableEc2Metadata"};

    private final Map<String, String> saved = new HashMap<>();
    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    public S3ProxyFixture() throws Exception {
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        Properties properties = new Properties();
        properties.setProperty("jclouds.identity", IDENTITY);
        properties.setProperty("jclouds.credential", SECRET);
        BlobStore store = BlobStores.create("transient", properties);
        proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, IDENTITY, SECRET)
                .build();
        proxy.start(); // Jetty's start returns once the server is started, or throws
        if (!"STARTED".equals(proxy.getState())) {
            proxy.stop();
            throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        useCredentials(IDENTITY, SECRET);
        System.clearProperty("aws.sessionToken");
        System.setProperty("aws.disableEc2Metadata", "true");
        client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, SECRET)))
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with the right credentials, to create buckets and put objects. */
    public S3Client client() {
        return client;
    }

    /** How the code under test reaches this server. */
    public S3Options options() {
        return new S3Options(REGION, endpoint, true, false);
    }

    /** The credentials the default chain gives from now on (for tests of refused credentials). */
    public void useCredentials(String accessKeyId, String secretAccessKey) {
        System.setProperty("aws.accessKeyId", accessKeyId);
        System.setProperty("aws.secretAccessKey", secretAccessKey);
    }

    @Override
    public void close() throws Exception {
        try {
            client.close();
            proxy.stop();
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
