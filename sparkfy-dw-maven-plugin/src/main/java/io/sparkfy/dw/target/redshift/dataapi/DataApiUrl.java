package io.sparkfy.dw.target.redshift.dataapi;

import io.sparkfy.dw.SparkfyException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the Redshift Data API sends a goal's SQL, and how it signs in:
 * <pre>
 * redshift-data://cluster/&lt;cluster id&gt;/&lt;database&gt;[?secretArn=&lt;arn&gt; | ?dbUser=&lt;user&gt;][&amp;region=..][&amp;endpoint=..]
 * redshift-data://workgroup/&lt;workgroup&gt;/&lt;database&gt;[?secretArn=&lt;arn&gt;][&amp;region=..][&amp;endpoint=..]
 * </pre>
 * With {@code secretArn}, the Data API signs in with the user and password of that Secrets Manager secret (the build
 * never sees them). Without it, IAM: a cluster with a database user ({@code dbUser}, else {@code sparkfy.dbUser},
 * else {@code sparkfy.user}) gets temporary credentials for that user; a cluster without one, and a workgroup, sign
 * in as the IAM identity itself ({@code IAM:<name>}). The build's own AWS credentials (the SDK's default chain) call
 * the Data API over HTTPS, so no network path to the cluster is needed. {@code region}: the SDK's default when
 * unset; {@code endpoint}: an endpoint override (a VPC endpoint, a test double).
 */
record DataApiUrl(Kind kind, String name, String database, String secretArn, String dbUser, String region,
                  URI endpoint) {

    static final String SCHEME = "redshift-data://";

    enum Kind { CLUSTER, WORKGROUP }

    private static final Pattern CLUSTER = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern WORKGROUP = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,126}");
    private static final Pattern SECRET_ARN =
            Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:[A-Za-z0-9/_+=.@-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_$.@+:-]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Set<String> OPTIONS = Set.of("secretArn", "dbUser", "region", "endpoint");

    static boolean accepts(String url) {
        return url != null && url.toLowerCase(Locale.ROOT).startsWith(SCHEME);
    }

    /** Parses and checks every part; {@code fallbackUser} (the settings' database user) when the URL names none. */
    static DataApiUrl parse(String url, String fallbackUser) {
        String rest = url.substring(SCHEME.length());
        int question = rest.indexOf('?');
        String path = question < 0 ? rest : rest.substring(0, question);
        Map<String, String> options = options(url, question < 0 ? "" : rest.substring(question + 1));
        String[] parts = path.split("/", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw bad(url, "expected " + SCHEME + "cluster/<cluster id>/<database> or " + SCHEME
                    + "workgroup/<workgroup>/<database>");
        }
        Kind kind = switch (parts[0]) {
            case "cluster" -> Kind.CLUSTER;
            case "workgroup" -> Kind.WORKGROUP;
            default -> throw bad(url, "'" + parts[0] + "' is neither cluster nor workgroup");
        };
        String name = parts[1];
        if (!(kind == Kind.CLUSTER ? CLUSTER : WORKGROUP).matcher(name).matches()) {
            throw bad(url, "'" + name + "' is not a " + (kind == Kind.CLUSTER ? "cluster identifier (lower-case"
                    + " letters, digits and hyphens, starting with a letter)" : "workgroup name (3 to 64 lower-case"
                    + " letters, digits and hyphens)"));
        }
        String database = parts[2];
        if (!DATABASE.matcher(database).matches()) {
            throw bad(url, "'" + database + "' is not a database name");
        }
        String secretArn = options.get("secretArn");
        if (secretArn != null && !SECRET_ARN.matcher(secretArn).matches()) {
            throw bad(url, "secretArn '" + secretArn + "' is not a Secrets Manager secret ARN"
                    + " (arn:aws:secretsmanager:<region>:<account>:secret:<name>)");
        }
        String dbUser = options.getOrDefault("dbUser", fallbackUser);
        if (secretArn != null || kind == Kind.WORKGROUP) {
            if (options.containsKey("dbUser")) {
                throw bad(url, "dbUser is for IAM sign-in to a cluster; " + (secretArn != null
                        ? "the secret names its own user" : "a workgroup signs in as the IAM identity"));
            }
            dbUser = null;
        }
        if (dbUser != null && !USER.matcher(dbUser).matches()) {
            throw bad(url, "'" + dbUser + "' is not a database user name");
        }
        String region = options.get("region");
        if (region != null && !REGION.matcher(region).matches()) {
            throw bad(url, "region '" + region + "' is not an AWS region (us-west-2, eu-central-1, ...)");
        }
        URI endpoint = null;
        if (options.containsKey("endpoint")) {
            try {
                endpoint = URI.create(options.get("endpoint"));
            } catch (IllegalArgumentException e) {
                throw bad(url, "endpoint '" + options.get("endpoint") + "' is not a URL");
            }
            if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())
                    || endpoint.getHost() == null) {
                throw bad(url, "endpoint '" + endpoint + "' is not an http(s) URL");
            }
        }
        return new DataApiUrl(kind, name, database, secretArn, dbUser, region, endpoint);
    }

    private static Map<String, String> options(String url, String query) {
        Map<String, String> options = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return options;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!OPTIONS.contains(key)) {
                throw bad(url, "unknown option '" + key + "' (known: secretArn, dbUser, region, endpoint)");
            }
            if (value.isBlank()) {
                throw bad(url, "option '" + key + "' has no value");
            }
            options.put(key, value.strip());
        }
        return options;
    }

    private static SparkfyException bad(String url, String why) {
        return new SparkfyException("sparkfy.url " + url + ": " + why);
    }

    /** How it signs in, for log lines: never a secret (an ARN names a secret, it is not one). */
    String signIn() {
        if (secretArn != null) {
            return "the secret " + secretArn;
        }
        return dbUser != null ? "IAM, as database user " + dbUser : "IAM, as the IAM identity";
    }

    /** How it signs in, for error messages: as {@link #signIn()}, the secret named by its setting only. */
    String authentication() {
        return secretArn != null ? "the secret of secretArn" : signIn();
    }

    @Override
    public String toString() {
        return SCHEME + kind.name().toLowerCase(Locale.ROOT) + "/" + name + "/" + database;
    }
}
