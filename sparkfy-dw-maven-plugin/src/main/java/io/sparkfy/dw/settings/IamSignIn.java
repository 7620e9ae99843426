package io.sparkfy.dw.settings;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How a {@code jdbc:redshift:iam:} URL signs in: the driver asks AWS (with the SDK's default credential chain) for a
 * temporary database user and password, so no password is configured. {@code dbUser} null: the driver derives it
 * (Serverless, or {@code sparkfy.user}); {@code autoCreate} null: the driver's default (false); {@code dbGroups}
 * empty: none. Holds no secret.
 */
public record IamSignIn(String dbUser, Boolean autoCreate, List<String> dbGroups) {

    /** Redshift names: letters, digits, {@code _ $ . @ + -} (the database user and group names AWS accepts). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$.@+:-]{1,128}");

    public static final IamSignIn NONE = new IamSignIn(null, null, List.of());

    public IamSignIn {
        dbUser = dbUser == null || dbUser.isBlank() ? null : dbUser.strip();
        dbGroups = dbGroups == null ? List.of() : List.copyOf(dbGroups);
        if (dbUser != null && !NAME.matcher(dbUser).matches()) {
            throw new IllegalArgumentException(PropertyNames.DB_USER + " '" + dbUser + "' is not a Redshift user name"
                    + " (letters, digits and _ $ . @ + - only)");
        }
        for (String group : dbGroups) {
            if (!NAME.matcher(group).matches()) {
                throw new IllegalArgumentException(PropertyNames.DB_GROUPS + " '" + group + "' is not a Redshift"
                        + " group name (letters, digits and _ $ . @ + - only)");
            }
        }
    }

    /** {@code a, b ,c} as groups; null or blank: none. */
    public static List<String> groups(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether any of the three is set. */
    public boolean isSet() {
        return dbUser != null || autoCreate != null || !dbGroups.isEmpty();
    }
}
