package io.sparkfy.dw.source;

import java.net.URI;

/**
 * How to reach S3.
 *
 * @param region    the bucket's region; null takes the SDK's default region chain, or us-east-1 when nothing is
 *                  configured (a laptop without AWS configuration can still read public buckets)
 * @param endpoint  another S3 API server (MinIO, LocalStack, S3Proxy); null for AWS
 * @param pathStyle {@code http://host/bucket/key} addressing, which most S3-compatible servers need
 * @param anonymous unsigned requests, for public buckets such as {@code udacity-dend}; otherwise the SDK's default
 *                  credentials chain (environment, system properties, ~/.aws, SSO, container, instance profile)
 * @param checksums with an {@code endpoint}, send and check the integrity checksums the SDK (2.30 and later) adds
 *                  to every request it can; off, only those an operation requires, since older MinIO, Ceph RGW and
 *                  S3Proxy 2.x refuse the headers (S3Proxy 2.6.0 answers a GET with 501 NotImplemented). AWS itself
 *                  always gets the SDK's default.
 */
public record S3Options(String region, URI endpoint, boolean pathStyle, boolean anonymous, boolean checksums) {

    /** Without checksums beyond the required ones at an endpoint override (the default). */
    public S3Options(String region, URI endpoint, boolean pathStyle, boolean anonymous) {
        this(region, endpoint, pathStyle, anonymous, false);
    }

    public static S3Options defaults() {
        return new S3Options(null, null, false, false);
    }

    /** The same options for a bucket in another region. */
    public S3Options withRegion(String otherRegion) {
        return new S3Options(otherRegion, endpoint, pathStyle, anonymous, checksums);
    }

    /** Whether the client computes and checks checksums only where an operation requires them. */
    public boolean checksumsOnlyWhenRequired() {
        return endpoint != null && !checksums;
    }
}
