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
 */
public record S3Options(String region, URI endpoint, boolean pathStyle, boolean anonymous) {

    public static S3Options defaults() {
        return new S3Options(null, null, false, false);
    }
}
