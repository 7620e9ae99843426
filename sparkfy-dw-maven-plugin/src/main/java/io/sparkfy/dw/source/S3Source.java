package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Every object under an {@code s3://bucket/prefix}. As Redshift's COPY does, the prefix is a key prefix, not only a
 * folder: {@code s3://b/log_data/2018-11-0} takes the first nine days. One S3 client serves the listing and every
 * {@link SourceObject#open()}, until {@link #close()}.
 */
public final class S3Source implements Source, AutoCloseable {

    private static final Region FALLBACK_REGION = Region.US_EAST_1;

    private final String location;
    private final S3Location where;
    private final Client client;

    public S3Source(String location, S3Options options) {
        this.location = location;
        this.where = S3Location.parse(location);
        this.client = new Client(options);
    }

    @Override
    public String location() {
        return location;
    }

    /** The objects under the prefix, sorted by key, without folder placeholders. */
    @Override
    public List<SourceObject> list() {
        List<SourceObject> objects = new ArrayList<>();
        int placeholders = 0;
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(where.bucket()).prefix(where.key()).build();
            // The paginator fetches the next 1,000-key page as iteration reaches it.
            for (software.amazon.awssdk.services.s3.model.S3Object o
                    : client.s3.listObjectsV2Paginator(request).contents()) {
                long size = o.size() == null ? -1 : o.size();
                // Not an S3Location: a listed key is data whatever characters it holds (it never goes into SQL).
                Key object = new Key(where.bucket(), o.key());
                if (o.key().endsWith("/") && size == 0) {
                    placeholders++; // what consoles create for "folders"; never data
                } else {
                    objects.add(new S3Object(object, size, o.eTag(), relative(where.key(), o.key()), client, null));
                }
            }
        } catch (SdkException e) {
            throw failure(Key.of(where), e, client, "list");
        }
        if (objects.isEmpty()) {
            String why = placeholders == 0 ? "" : " (only " + placeholders + " empty folder marker(s))";
            throw new SparkfyException(location + ": no objects under this prefix in bucket " + where.bucket() + why);
        }
        // S3 lists in UTF-8 byte order; sort again so the order is the same as for local files, whatever the store.
        objects.sort(Comparator.comparing(SourceObject::name));
        return objects;
    }

    /**
     * The one object at {@code location}, such as a JSONPaths file; checked now (HEAD), so a wrong key fails before
     * any load starts. Each {@link SourceObject#open()} has its own client, closed with the stream.
     */
    public static SourceObject single(String location, S3Options options) {
        try (Client client = new Client(options)) {
            return head(location, client, null, options);
        }
    }

    /**
     * Writes one object, such as the manifest of a Redshift load, with the credentials and endpoint the listing
     * uses; it replaces an object at the same key.
     */
    public static void put(String location, byte[] bytes, String contentType, S3Options options) {
        S3Location where = S3Location.parse(location);
        if (where.key().isEmpty() || where.key().endsWith("/")) {
            throw new SparkfyException(location + ": names a folder (prefix), not a single object");
        }
        try (Client client = new Client(options)) {
            try {
                client.s3.putObject(PutObjectRequest.builder().bucket(where.bucket()).key(where.key())
                        .contentType(contentType).build(), RequestBody.fromBytes(bytes));
            } catch (SdkException e) {
                throw failure(Key.of(where), e, client, "write");
            }
        }
    }

    /** A manifest's S3 entries through this source's client: no client per entry for the HEAD and the GET. */
    @Override
    public SourceObject single(String location, Sources sources, String region) {
        return S3Location.isS3(location) ? head(location, client, client, null) : sources.single(location, region);
    }

    /** HEAD on {@code client}; the object opens through {@code shared}, or a client of its own when null. */
    private static S3Object head(String location, Client client, Client shared, S3Options options) {
        S3Location where = S3Location.parse(location);
        if (where.key().isEmpty() || where.key().endsWith("/")) {
            throw new SparkfyException(location + ": names a folder (prefix), not a single object");
        }
        long size;
        String etag;
        try {
            HeadObjectResponse head = client.s3.headObject(HeadObjectRequest.builder()
                    .bucket(where.bucket()).key(where.key()).build());
            size = head.contentLength() == null ? -1 : head.contentLength();
            etag = head.eTag();
        } catch (SdkException e) {
            throw failure(Key.of(where), e, client, "read");
        }
        String key = where.key();
        return new S3Object(Key.of(where), size, etag, key.substring(key.lastIndexOf('/') + 1), shared, options);
    }

    /**
     * A listed key relative to the prefix, as a local file is to its folder: {@code log_data/2018/11/a.json} under
     * {@code log_data} or {@code log_data/} is {@code 2018/11/a.json}; under a prefix that is not a folder
     * ({@code log_data/2018/11/2018-11-0}), relative to the prefix's folder ({@code 2018-11-01-events.json}).
     */
    static String relative(String prefix, String key) {
        if (prefix.isEmpty()) {
            return key;
        }
        if (prefix.endsWith("/")) {
            return key.substring(prefix.length());
        }
        if (key.startsWith(prefix + "/")) {
            return key.substring(prefix.length() + 1);
        }
        return key.substring(prefix.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * One object: opened through the listing's client, or, for a single object (a JSONPaths file or a manifest
     * entry) that has no source to share a client with, through a client of its own closed with the stream.
     */
    private static final class S3Object implements SourceObject {
        private final Key object;
        private final long size;
        private final String etag;
        private final String relativeName;
        private final Client shared;
        private final S3Options options;

        S3Object(Key object, long size, String etag, String relativeName, Client shared, S3Options options) {
            this.object = object;
            this.size = size;
            this.etag = etag;
            this.relativeName = relativeName;
            this.shared = shared;
            this.options = options;
        }

        @Override
        public String relativeName() {
            return relativeName;
        }

        /** The ETag as S3 lists it, quotes and all: what Redshift's manifest and the ledger compare. */
        @Override
        public String version() {
            return etag;
        }

        @Override
        public String name() {
            return object.toString();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public InputStream open() {
            if (shared != null) {
                return get(shared, object, null);
            }
            Client own = new Client(options);
            try {
                return get(own, object, own);
            } catch (RuntimeException e) {
                own.close();
                throw e;
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }

    /** Streams one object: GetObject's body as it arrives, never the whole object in memory. */
    private static InputStream get(Client client, Key object, AutoCloseable alsoClose) {
        try {
            ResponseInputStream<GetObjectResponse> body = client.s3.getObject(GetObjectRequest.builder()
                    .bucket(object.bucket()).key(object.key()).build());
            return new ObjectStream(object, body, alsoClose);
        } catch (SdkException e) {
            throw failure(object, e, client, "read");
        }
    }

    /** Names the object in read errors, and drops the connection when closed before the end (no draining). */
    private static final class ObjectStream extends FilterInputStream {
        private final Key object;
        private final ResponseInputStream<?> body;
        private final AutoCloseable alsoClose;
        private boolean eof;
        private boolean closed;

        ObjectStream(Key object, ResponseInputStream<?> body, AutoCloseable alsoClose) {
            super(body);
            this.object = object;
            this.body = body;
            this.alsoClose = alsoClose;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                eof |= b < 0;
                return b;
            } catch (IOException | SdkException e) {
                throw readFailure(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = super.read(b, off, len);
                eof |= n < 0;
                return n;
            } catch (IOException | SdkException e) {
                throw readFailure(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException | SdkException e) {
                throw readFailure(e);
            }
        }

        private IOException readFailure(Exception e) {
            return new IOException(object + ": reading from S3 failed: " + e.getMessage(), e);
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (!eof) {
                    body.abort(); // closing would otherwise read the rest to reuse the connection
                }
                body.close();
            } catch (IOException | RuntimeException e) {
                // The stream was given up; a failure to close it has nothing to tell.
            } finally {
                if (alsoClose != null) {
                    try {
                        alsoClose.close();
                    } catch (Exception e) {
                        // as above
                    }
                }
            }
        }
    }

    /** An object's bucket and key as S3 gave them; named {@code s3://bucket/key}. */
    private record Key(String bucket, String key) {
        static Key of(S3Location location) {
            return new Key(location.bucket(), location.key());
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    /** The user-facing failure for an S3 error: names the location; never the access key or the secret. */
    private static SparkfyException failure(Key where, SdkException e, Client client, String action) {
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorCode() == null
                    ? "" : s3.awsErrorDetails().errorCode();
            int status = s3.statusCode();
            if (e instanceof NoSuchBucketException || code.equals("NoSuchBucket")) {
                return new SparkfyException(where + ": no such bucket: " + where.bucket() + client.at(), e);
            }
            if (e instanceof NoSuchKeyException || code.equals("NoSuchKey") || status == 404) {
                // A HEAD answers 404 without saying whether the key or the bucket is missing: ask.
                if (!client.bucketExists(where.bucket())) {
                    return new SparkfyException(where + ": no such bucket: " + where.bucket() + client.at(), e);
                }
                return new SparkfyException(where + ": no such object in bucket " + where.bucket(), e);
            }
            if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                    || code.equals("InvalidToken") || code.equals("ExpiredToken")
                    || code.equals("TokenRefreshRequired")) {
                return new SparkfyException(where + ": S3 refused the credentials (" + code + "): check the AWS access "
                        + "key, secret and session token in use (environment, system properties, ~/.aws or profile)"
                        + client.at(), e);
            }
            if (status == 403 || code.equals("AccessDenied")) {
                String hint = client.anonymous
                        ? "anonymous access was asked for, but the bucket is not public: configure AWS credentials"
                        : "S3 refused the credentials in use, or they may not " + action + " it";
                return new SparkfyException(where + ": access denied: " + hint + client.at(), e);
            }
            if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")) {
                return new SparkfyException(where + ": the bucket is in another region than " + client.region
                        + ": set the region", e);
            }
            String message = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            // Older S3-compatible stores answer the SDK's checksum headers with 501 NotImplemented or a 400.
            String hint = client.endpoint != null && client.checksums && (status == 501 || code.equals("NotImplemented")
                    || String.valueOf(message).toLowerCase(Locale.ROOT).contains("checksum"))
                    ? "; this store may not take the SDK's integrity checksums, which were turned on for it: turn"
                    + " them off (the s3Checksums setting)" : "";
            return new SparkfyException(where + ": S3 failed to " + action + " it: HTTP " + status
                    + (code.isEmpty() ? "" : " " + code) + (message == null ? "" : ": " + message) + client.at()
                    + hint, e);
        }
        Throwable network = networkCause(e);
        if (network != null) {
            return new SparkfyException(where + ": cannot reach S3" + client.at() + ": " + describe(network), e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SdkClientException && message.startsWith("Unable to load credentials")) {
            return new SparkfyException(where + ": no AWS credentials found (environment, system properties, ~/.aws, "
                    + "profile, container or instance role); for a public bucket, use anonymous access", e);
        }
        return new SparkfyException(where + ": S3 failed to " + action + " it: " + message, e);
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** An S3 client built from options, with what error messages need to know about it. */
    private static final class Client implements AutoCloseable {
        final S3Client s3;
        final boolean anonymous;
        final Region region;
        final URI endpoint;
        /** Whether the client sends the SDK's integrity checksums wherever it can (always on AWS). */
        final boolean checksums;
        private final AwsCredentialsProvider credentials;

        Client(S3Options options) {
            this.anonymous = options.anonymous();
            this.endpoint = options.endpoint();
            this.checksums = !options.checksumsOnlyWhenRequired();
            this.region = options.region() == null || options.region().isBlank()
                    ? defaultRegion() : Region.of(options.region().trim().toLowerCase(Locale.ROOT));
            this.credentials = anonymous ? AnonymousCredentialsProvider.create()
                    : DefaultCredentialsProvider.builder().build();
            S3ClientBuilder builder = S3Client.builder()
                    // Named, so the Apache client that the SDK also brings (apache5-client) is never chosen.
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(region)
                    .credentialsProvider(credentials)
                    .forcePathStyle(options.pathStyle());
            if (endpoint != null) {
                String scheme = endpoint.getScheme();
                if (endpoint.getHost() == null || scheme == null
                        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                    closeCredentials();
                    throw new SparkfyException("S3 endpoint " + S3Location.printable(endpoint.toString())
                            + " is not an http:// or https:// URL");
                }
                builder.endpointOverride(endpoint);
                if (options.checksumsOnlyWhenRequired()) {
                    // S3-compatible stores older than the SDK's default integrity checksums refuse their headers.
                    builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
                }
            } else {
                // Public data lives in many regions (udacity-dend is in us-west-2): follow the bucket's region.
                builder.crossRegionAccessEnabled(true);
            }
            try {
                this.s3 = builder.build();
            } catch (RuntimeException e) {
                closeCredentials();
                throw new SparkfyException("cannot set up the S3 client: " + e.getMessage(), e);
            }
        }

        private static Region defaultRegion() {
            try {
                return new DefaultAwsRegionProviderChain().getRegion();
            } catch (SdkClientException e) {
                return FALLBACK_REGION; // nothing configured: a laptop reading a public bucket
            }
        }

        /** " at http://host:port" for a custom endpoint, so messages say which server answered. */
        String at() {
            return endpoint == null ? "" : " (endpoint " + endpoint + ")";
        }

        boolean bucketExists(String bucket) {
            try {
                s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
                return true;
            } catch (NoSuchBucketException e) {
                return false;
            } catch (S3Exception e) {
                return e.statusCode() != 404;
            } catch (SdkException e) {
                return true; // cannot tell: report the object as missing
            }
        }

        private void closeCredentials() {
            if (credentials instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        }

        @Override
        public void close() {
            s3.close();
            closeCredentials();
        }
    }
}
