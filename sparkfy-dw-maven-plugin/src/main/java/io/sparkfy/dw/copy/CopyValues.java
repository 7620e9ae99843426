package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import java.util.regex.Pattern;

/**
 * Values that must be written into COPY text (Redshift takes no bind parameters there): each is checked against
 * its grammar first, so a hostile value is refused before any SQL is sent, then single-quoted.
 */
public final class CopyValues {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9!_.*()/ =+@,~%&$:-]*");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws(?:-cn|-us-gov|-iso|-iso-b)?:iam::\\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(?:-[a-z]+)+-\\d{1,2}");

    private CopyValues() {
    }

    /** An {@code s3://bucket/key} URI, as COPY's FROM and JSONPaths take it. */
    public static String s3Uri(String what, String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw invalid(what, uri, "Redshift COPY reads from S3: expected s3://bucket/prefix");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw invalid(what, uri, "'" + bucket + "' is not a valid bucket name");
        }
        if (!KEY.matcher(key).matches()) {
            throw invalid(what, uri, "the key has a character COPY text cannot carry safely (quotes, backslashes,"
                    + " semicolons and control characters are refused)");
        }
        return uri;
    }

    /** One IAM role ARN, or several chained with commas (Redshift role chaining). */
    public static String iamRole(String arn) {
        if (arn == null || arn.isBlank()) {
            throw invalid("sparkfy.iamRole", arn, "empty");
        }
        for (String role : arn.split(",", -1)) {
            if (!ROLE_ARN.matcher(role).matches()) {
                throw invalid("sparkfy.iamRole", arn, "expected arn:aws:iam::<12-digit account>:role/<name>");
            }
        }
        return arn;
    }

    public static String region(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw invalid("sparkfy.region", region, "expected an AWS region such as us-west-2");
        }
        return region;
    }

    /** A TIMEFORMAT/DATEFORMAT value: letters, digits, spaces and datetime punctuation only. */
    public static String format(String value) {
        if (value == null || !value.matches("[A-Za-z0-9 :./,+-]{1,64}")) {
            throw invalid("TIMEFORMAT/DATEFORMAT", value, "only letters, digits, spaces and : . / , + - may appear");
        }
        return value;
    }

    /**
     * Single-quotes a value as a Redshift string literal: a backslash escapes there, so backslashes are doubled as
     * well as quotes (what Redshift's own QUOTE_LITERAL does); {@code '\\'} is one backslash. For values that
     * passed their grammar this is a second line of defence; for ACCEPTINVCHARS' character, the only one.
     */
    public static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static SparkfyException invalid(String what, String value, String reason) {
        // The value is echoed with control characters made visible, so the message stays one readable line.
        String shown = value == null ? "nothing" : "'" + value.replaceAll("\\p{Cntrl}", "?") + "'";
        return new SparkfyException(what + ": " + shown + " is not valid: " + reason);
    }
}
