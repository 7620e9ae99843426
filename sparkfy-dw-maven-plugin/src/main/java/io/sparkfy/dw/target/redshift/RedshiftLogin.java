package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.IamSignIn;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.target.Jdbc;
import java.util.Locale;
import java.util.Properties;

/**
 * How the driver signs in: a user and password, or IAM ({@code jdbc:redshift:iam://}). With IAM the driver takes
 * AWS credentials from the SDK's default chain (environment, profile, web identity, container or instance role),
 * asks {@code GetClusterCredentials} (a cluster) or {@code redshift-serverless:GetCredentials} (a workgroup) for a
 * temporary user and password, and signs in with those: none is configured, and a configured password is refused
 * rather than silently ignored. The driver reads its own options from the URL too ({@code ClusterID}, {@code Region},
 * {@code endpointUrl}, {@code groupFederation}, {@code isServerless}, {@code serverlessWorkGroup}).
 */
record RedshiftLogin(String url, Properties properties) {

    static final String IAM_PREFIX = "jdbc:redshift:iam:";

    static RedshiftLogin of(WarehouseSettings settings) {
        if (isIam(settings.url())) {
            return iam(settings.url(), settings.user(), settings.password(), settings.iam());
        }
        if (settings.iam().isSet()) {
            throw new SparkfyException(PropertyNames.DB_USER + ", " + PropertyNames.AUTO_CREATE + " and "
                    + PropertyNames.DB_GROUPS + " are for IAM sign-in: use a jdbc:redshift:iam:// URL, or unset them");
        }
        return password(settings.url(), settings.user(), settings.password());
    }

    static RedshiftLogin password(String url, String user, String password) {
        return new RedshiftLogin(url, Jdbc.login(user, password));
    }

    static boolean isIam(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(IAM_PREFIX);
    }

    /** The driver's IAM options; the database user is {@code sparkfy.dbUser}, else {@code sparkfy.user}. */
    static RedshiftLogin iam(String url, String user, String password, IamSignIn signIn) {
        if (password != null) {
            throw new SparkfyException("a jdbc:redshift:iam: URL signs in with IAM and temporary credentials, so no"
                    + " password is used: unset " + PropertyNames.PASSWORD + " (or the password of "
                    + PropertyNames.SERVER_ID + ")");
        }
        Properties properties = Jdbc.login(null, null);
        String dbUser = signIn.dbUser() != null ? signIn.dbUser() : user;
        if (dbUser != null) {
            properties.setProperty("DbUser", dbUser);
        }
        if (signIn.autoCreate() != null) {
            properties.setProperty("AutoCreate", signIn.autoCreate().toString());
        }
        if (!signIn.dbGroups().isEmpty()) {
            properties.setProperty("DbGroups", String.join(",", signIn.dbGroups()));
        }
        return new RedshiftLogin(url, properties);
    }
}
