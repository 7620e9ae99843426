package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.fail;

import io.sparkfy.dw.source.S3Options;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A standalone S3Proxy 2.6.0 (the runnable jar the build copies to {@code target/s3proxy-legacy/}) in a process of
 * its own: its dependencies clash with the in-process S3Proxy 4.1.0 of {@link S3ProxyFixture}. It stands for the
 * S3-compatible stores that predate the AWS SDK's default integrity checksums (older MinIO, Ceph RGW), with a
 * {@code filesystem-nio2} store under a folder of the test. Credentials as in {@link S3ProxyFixture}: the SDK's
 * default chain finds them in system properties while the fixture is open.
 */
public final class LegacyS3Proxy implements AutoCloseable {

    public static final String JAR_PROPERTY = "sparkfy.s3proxyLegacyJar";
    private static final Pattern STARTED = Pattern.compile("Started ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)}");
    private static final String[] PROPERTIES = {"aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
        "aws.disableEc2Metadata"};

    private final Map<String, String> saved = new HashMap<>();
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final URI endpoint;
    private final S3Client client;

    public LegacyS3Proxy(Path folder) throws IOException, InterruptedException {
        String jar = System.getProperty(JAR_PROPERTY);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("S3Proxy 2.6.0 is not at " + jar + " (" + JAR_PROPERTY + "): the build copies it there in the"
                    + " process-test-resources phase (maven-dependency-plugin); run the tests through Maven");
        }
        Path data = Files.createDirectories(folder.resolve("blobs"));
        Path config = folder.resolve("s3proxy.conf");
        // Port 0: Jetty takes a free port and says which in its "Started ServerConnector" line.
        Files.writeString(config, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:0",
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + S3ProxyFixture.IDENTITY,
                "s3proxy.credential=" + S3ProxyFixture.SECRET,
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + S3ProxyFixture.IDENTITY,
                "jclouds.credential=" + S3ProxyFixture.SECRET,
                "jclouds.filesystem.basedir=" + data), StandardCharsets.UTF_8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-jar", jar, "--properties", config.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                    Matcher started = STARTED.matcher(line);
                    if (started.find()) {
                        port.complete(Integer.parseInt(started.group(1)));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            port.completeExceptionally(new IllegalStateException("S3Proxy 2.6.0 ended before it started"));
        }, "s3proxy-legacy-output");
        reader.setDaemon(true);
        reader.start();
        int bound;
        try {
            bound = port.get(Waits.GUARD_SECONDS, TimeUnit.SECONDS); // its start-up line, not a sleep
        } catch (ExecutionException | TimeoutException e) {
            process.destroy();
            throw new IllegalStateException("S3Proxy 2.6.0 did not start: " + String.join("\n", output), e);
        }
        endpoint = URI.create("http://127.0.0.1:" + bound);
        for (String p : PROPERTIES) {
            saved.put(p, System.getProperty(p));
        }
        System.setProperty("aws.accessKeyId", S3ProxyFixture.IDENTITY);
        System.setProperty("aws.secretAccessKey", S3ProxyFixture.SECRET);
        System.clearProperty("aws.sessionToken");
        System.setProperty("aws.disableEc2Metadata", "true");
        // Seeding needs the same care as the code under test: this server refuses the SDK's default checksums.
        client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(S3ProxyFixture.REGION))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyFixture.IDENTITY, S3ProxyFixture.SECRET)))
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client that this server accepts, to create buckets and put objects. */
    public S3Client client() {
        return client;
    }

    /** How the code under test reaches this server, checksums as the plugin sends them by default. */
    public S3Options options() {
        return new S3Options(S3ProxyFixture.REGION, endpoint, true, false);
    }

    /** What the server printed, for a failing test's message. */
    public String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            client.close();
        } finally {
            process.destroy(); // the process this fixture started, by its handle
            if (!process.waitFor(Waits.GUARD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
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
