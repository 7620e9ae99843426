package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An {@code s3://bucket/key} location. The key may be empty or a prefix (COPY semantics). Every instance is valid
 * by construction, and what is valid here is also safe to put between single quotes in SQL
 * ({@code COPY ... FROM 's3://...'}): no quote, no backslash, no control character.
 */
public record S3Location(String bucket, String key) {

    private static final String SCHEME = "s3://";
    // S3's rules for new buckets: 3-63 characters of a-z, 0-9, '.', '-', beginning and ending with a letter or digit.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final int MAX_KEY_BYTES = 1024;

    public S3Location {
        String uri = SCHEME + bucket + "/" + key;
        if (bucket == null || key == null) {
            throw new SparkfyException("an S3 location needs a bucket and a key (got " + printable(uri) + ")");
        }
        checkBucket(uri, bucket);
        checkKey(uri, key);
    }

    /** Parses {@code s3://bucket}, {@code s3://bucket/}, {@code s3://bucket/prefix}, {@code s3://bucket/dir/}. */
    public static S3Location parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new SparkfyException("no S3 location given");
        }
        if (!uri.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new SparkfyException(printable(uri) + ": not an S3 location; expected s3://bucket/prefix");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new SparkfyException(printable(uri) + ": no bucket name after s3://");
        }
        checkBucket(uri, bucket);
        checkKey(uri, key);
        return new S3Location(bucket, key);
    }

    /** Whether a location is meant for S3 (so callers can route it here and get its errors). */
    public static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }

    private static void checkBucket(String uri, String bucket) {
        String where = printable(uri) + ": the bucket name \"" + printable(bucket) + "\" ";
        if (bucket.length() < 3 || bucket.length() > 63) {
            throw new SparkfyException(where + "must be 3 to 63 characters long");
        }
        if (!BUCKET.matcher(bucket).matches()) {
            String hint = bucket.equals(bucket.toLowerCase(Locale.ROOT)) ? "" : " (upper-case letters are not allowed)";
            throw new SparkfyException(where + "may hold only lower-case letters, digits, dots and hyphens, and must "
                    + "begin and end with a letter or digit" + hint);
        }
        if (bucket.contains("..")) {
            throw new SparkfyException(where + "must not hold two dots in a row");
        }
        if (IP_ADDRESS.matcher(bucket).matches()) {
            throw new SparkfyException(where + "must not look like an IP address");
        }
    }

    private static void checkKey(String uri, String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isISOControl(c)) {
                throw new SparkfyException(printable(uri) + ": the key holds a control character (U+"
                        + String.format("%04X", (int) c) + " at position " + i + ")");
            }
            if (c == '\'' || c == '\\') {
                // Both would break out of a quoted SQL literal, and neither is in any real data set's key.
                throw new SparkfyException(printable(uri) + ": the key may not hold " + (c == '\'' ? "a quote (')"
                        : "a backslash (\\)") + "; such locations cannot be passed to COPY safely");
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SparkfyException(printable(uri) + ": the key is not valid Unicode");
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new SparkfyException(printable(uri) + ": the key is longer than S3's " + MAX_KEY_BYTES + " bytes");
        }
    }

    /** The value with control characters escaped, so a bad value cannot garble the log that reports it. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
