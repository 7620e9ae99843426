package io.sparkfy.dw.cluster;

import io.sparkfy.dw.SparkfyException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns SDK failures into {@link SparkfyException}s a user can act on: the action, the cluster or role, the AWS
 * error code, and what to do. Every message goes through {@link #redact} so neither the master password nor the
 * secret key can leak, even if AWS ever echoed one back.
 */
final class AwsErrors {

    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "UnauthorizedOperation", "UnauthorizedAccess", "NotAuthorized");
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId",
            "AuthFailure");
    private static final Set<String> THROTTLED = Set.of("Throttling", "ThrottlingException", "ThrottledException",
            "RequestThrottled", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown");

    private final java.net.URI endpoint;
    private final String region;
    private final String accessKey;
    private final java.util.List<String> secrets;

    AwsErrors(ClusterSettings settings) {
        this(settings.endpoint(), settings.region(), settings.accessKey(),
                java.util.Arrays.asList(settings.masterPassword(), settings.secretKey()));
    }

    /** {@code accessKey} null: the default chain; {@code secrets} (nulls allowed) are masked in every message. */
    AwsErrors(java.net.URI endpoint, String region, String accessKey, java.util.List<String> secrets) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secrets = secrets;
    }

    SparkfyException translate(String action, String subject, SdkException e) {
        String message = e instanceof AwsServiceException service && service.awsErrorDetails() != null
                ? serviceMessage(action, subject, service)
                : clientMessage(action, subject, e);
        String safe = redact(message);
        // If AWS echoed a secret, the SDK exception carries it too: leave it out rather than chain it.
        return safe.equals(message) ? new SparkfyException(safe, e) : new SparkfyException(safe);
    }

    private String serviceMessage(String action, String subject, AwsServiceException e) {
        String code = e.awsErrorDetails().errorCode();
        String awsMessage = e.awsErrorDetails().errorMessage();
        String detail = " (" + code + ", HTTP " + e.statusCode() + ")" + (awsMessage == null ? "" : ": " + awsMessage);
        String c = code == null ? "" : code;
        if (c.equals("ClusterAlreadyExists") || c.equals("ClusterAlreadyExistsFault")) {
            return action + " failed: " + subject + " already exists" + detail
                    + ". Another run created it meanwhile; run the goal again to reuse it";
        }
        if (THROTTLED.contains(c)) {
            return action + " for " + subject + " was still throttled by AWS after the SDK's retries" + detail
                    + ". Wait a minute and run again";
        }
        if (c.contains("QuotaExceeded") || c.contains("LimitExceeded")) {
            return action + " failed for " + subject + ": an AWS account quota is reached" + detail
                    + ". Delete unused clusters or snapshots, or ask AWS for a higher limit";
        }
        if (DENIED.contains(c)) {
            return action + " was denied for " + subject + detail + ". The credentials from " + credentialSource()
                    + " are not allowed to call " + action + "; grant it in IAM or use other credentials";
        }
        if (BAD_CREDENTIALS.contains(c)) {
            return action + " failed for " + subject + ": AWS did not accept the credentials from "
                    + credentialSource() + detail;
        }
        if (c.startsWith("InvalidParameter") || c.equals("ValidationError") || c.equals("MalformedPolicyDocument")) {
            return "AWS rejected " + action + " for " + subject + " as invalid" + detail
                    + ". Check the cluster settings";
        }
        if (c.equals("ClusterNotFound")) {
            return action + " failed: " + subject + " does not exist" + detail;
        }
        return action + " failed for " + subject + detail;
    }

    private String clientMessage(String action, String subject, SdkException e) {
        Throwable network = networkCause(e);
        if (network != null) {
            return "Cannot reach AWS (" + target() + ") for " + action + " on " + subject + ": "
                    + network.getClass().getSimpleName() + (network.getMessage() == null ? "" : " " + network.getMessage())
                    + ". Check the network, the region and the endpoint";
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (text.toLowerCase(Locale.ROOT).contains("credentials")) {
            return "No usable AWS credentials for " + action + " on " + subject + " from " + credentialSource() + ": "
                    + text;
        }
        return action + " failed for " + subject + ": " + text;
    }

    private static Throwable networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof InterruptedIOException) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private String target() {
        return endpoint != null ? "endpoint " + endpoint : "region " + region;
    }

    String credentialSource() {
        return accessKey != null
                ? "the access key " + accessKey + " given in the settings"
                : "the SDK default credential chain (environment variables, system properties, ~/.aws profile,"
                        + " container or instance role)";
    }

    /** Masks the password and the secret key wherever they appear. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                out = out.replace(secret, "****");
            }
        }
        return out;
    }
}
