package io.sparkfy.dw.cluster;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Everything the cluster goals need to create, inspect and delete one Redshift cluster and its IAM role.
 * Validated up front so that a typo fails in milliseconds instead of after an AWS round trip. Made with
 * {@link #builder()}.
 *
 * @param clusterType        {@code single-node} or {@code multi-node}
 * @param masterPassword     only needed by {@link ClusterManager#create()}; may be null for status and delete
 * @param endpoint           null for real AWS; set to point both clients at another server (tests, proxies)
 * @param vpcSecurityGroupId may be null: AWS then uses the VPC's default security group
 * @param publiclyAccessible may be null: AWS then decides (private in a VPC)
 * @param accessKey          with {@code secretKey}: static credentials; both null: the SDK default chain (preferred)
 * @param pollInterval       null: 15 s
 * @param timeout            null: 30 min (a new cluster usually takes 5-15 min)
 */
public record ClusterSettings(
        String clusterIdentifier,
        String clusterType,
        int numberOfNodes,
        String nodeType,
        String dbName,
        String masterUser,
        String masterPassword,
        int port,
        String iamRoleName,
        String region,
        URI endpoint,
        String vpcSecurityGroupId,
        Boolean publiclyAccessible,
        String accessKey,
        String secretKey,
        Duration pollInterval,
        Duration timeout) {

    public static final String SINGLE_NODE = "single-node";
    public static final String MULTI_NODE = "multi-node";
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    // AWS's own rules, checked here so the user gets the setting name rather than an InvalidParameterValue.
    private static final Pattern CLUSTER_ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,63}");
    private static final Pattern MASTER_USER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]+");

    public ClusterSettings {
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        validate(clusterIdentifier, clusterType, numberOfNodes, nodeType, dbName, masterUser, masterPassword, port,
                iamRoleName, region, vpcSecurityGroupId, accessKey, secretKey, pollInterval, timeout);
    }

    private static void validate(String clusterIdentifier, String clusterType, int numberOfNodes, String nodeType,
            String dbName, String masterUser, String masterPassword, int port, String iamRoleName, String region,
            String vpcSecurityGroupId, String accessKey, String secretKey, Duration pollInterval, Duration timeout) {
        if (clusterIdentifier == null || !CLUSTER_ID.matcher(clusterIdentifier).matches()) {
            throw new SparkfyException("Invalid cluster identifier '" + clusterIdentifier + "': use 1 to 63 lowercase"
                    + " letters, digits and hyphens, starting with a letter");
        }
        if (clusterIdentifier.endsWith("-") || clusterIdentifier.contains("--")) {
            throw new SparkfyException("Invalid cluster identifier '" + clusterIdentifier
                    + "': it must not end with a hyphen or contain two hyphens in a row");
        }
        if (!SINGLE_NODE.equals(clusterType) && !MULTI_NODE.equals(clusterType)) {
            throw new SparkfyException("Invalid cluster type '" + clusterType + "' for cluster " + clusterIdentifier
                    + ": use single-node or multi-node");
        }
        if (numberOfNodes < 1) {
            throw new SparkfyException("Invalid number of nodes " + numberOfNodes + " for cluster " + clusterIdentifier
                    + ": it must be at least 1");
        }
        if (MULTI_NODE.equals(clusterType) && numberOfNodes < 2) {
            throw new SparkfyException("Cluster " + clusterIdentifier + " is multi-node but has " + numberOfNodes
                    + " node: a multi-node cluster needs at least 2 (or use single-node)");
        }
        if (SINGLE_NODE.equals(clusterType) && numberOfNodes != 1) {
            throw new SparkfyException("Cluster " + clusterIdentifier + " is single-node but has " + numberOfNodes
                    + " nodes: use multi-node for more than 1");
        }
        if (nodeType == null || nodeType.isBlank()) {
            throw new SparkfyException("Missing node type for cluster " + clusterIdentifier + " (e.g. ra3.large)");
        }
        if (dbName == null || !DB_NAME.matcher(dbName).matches()) {
            throw new SparkfyException("Invalid database name '" + dbName + "' for cluster " + clusterIdentifier
                    + ": use 1 to 64 lowercase letters, digits, _ or $, not starting with a digit");
        }
        if (masterUser == null || !MASTER_USER.matcher(masterUser).matches()) {
            throw new SparkfyException("Invalid master user name '" + masterUser + "' for cluster "
                    + clusterIdentifier + ": use 1 to 128 letters, digits or _, starting with a letter");
        }
        if (masterPassword != null) {
            checkPassword("cluster " + clusterIdentifier, masterPassword);
        }
        if (port < 1150 || port > 65535) {
            throw new SparkfyException("Invalid port " + port + " for cluster " + clusterIdentifier
                    + ": Redshift accepts 1150 to 65535 (default 5439)");
        }
        if (iamRoleName == null || !ROLE_NAME.matcher(iamRoleName).matches()) {
            throw new SparkfyException("Invalid IAM role name '" + iamRoleName + "': use 1 to 64 letters, digits"
                    + " or any of + = , . @ _ -");
        }
        if (region == null || region.isBlank()) {
            throw new SparkfyException("Missing AWS region for cluster " + clusterIdentifier + ": set "
                    + PropertyNames.CLUSTER_REGION + " (e.g. us-west-2) or the SDK's default region (AWS_REGION,"
                    + " the profile's region)");
        }
        if (vpcSecurityGroupId != null && !SECURITY_GROUP.matcher(vpcSecurityGroupId).matches()) {
            throw new SparkfyException("Invalid VPC security group id '" + vpcSecurityGroupId + "' for cluster "
                    + clusterIdentifier + ": expected sg- followed by letters and digits");
        }
        if ((accessKey == null) != (secretKey == null)) {
            // Half a key pair is always a mistake; silently falling back to the default chain would hide it.
            throw new SparkfyException("Give both the AWS access key and the secret key, or neither (then the SDK"
                    + " default credential chain is used)");
        }
        if (accessKey != null && (accessKey.isBlank() || secretKey.isBlank())) {
            throw new SparkfyException("The AWS access key and secret key must not be blank");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new SparkfyException("The poll interval must be positive, got " + pollInterval);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new SparkfyException("The timeout must be positive, got " + timeout);
        }
    }

    // Redshift's password rules; the message describes the rule and never echoes the value.
    static void checkPassword(String subject, String password) {
        boolean upper = password.chars().anyMatch(Character::isUpperCase);
        boolean lower = password.chars().anyMatch(Character::isLowerCase);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        boolean forbidden = password.chars().anyMatch(c -> c == '\'' || c == '"' || c == '\\' || c == '/'
                || c == '@' || c < 33 || c > 126);
        if (password.length() < 8 || password.length() > 64 || !upper || !lower || !digit || forbidden) {
            throw new SparkfyException("Invalid master password for " + subject + ": it needs 8 to"
                    + " 64 printable ASCII characters with an uppercase letter, a lowercase letter and a digit, and"
                    + " none of ' \" \\ / @ or space");
        }
    }

    /** Defaults: multi-node, 4 nodes of ra3.xlplus, database dwh, master user dwhuser, port 5439. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when static keys were given; false means the SDK default credential chain. */
    public boolean hasStaticKeys() {
        return accessKey != null;
    }

    @Override
    public String toString() {
        return "ClusterSettings[clusterIdentifier=" + clusterIdentifier + ", clusterType=" + clusterType
                + ", numberOfNodes=" + numberOfNodes + ", nodeType=" + nodeType + ", dbName=" + dbName
                + ", masterUser=" + masterUser + ", masterPassword=" + (masterPassword == null ? "null" : "****")
                + ", port=" + port + ", iamRoleName=" + iamRoleName + ", region=" + region
                + ", endpoint=" + endpoint + ", vpcSecurityGroupId=" + vpcSecurityGroupId
                + ", publiclyAccessible=" + publiclyAccessible + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? "null" : "****")
                + ", pollInterval=" + pollInterval + ", timeout=" + timeout + "]";
    }

    public static final class Builder {

        private String clusterIdentifier;
        private String clusterType = MULTI_NODE;
        private int numberOfNodes = 4;
        private String nodeType = "ra3.xlplus";
        private String dbName = "dwh";
        private String masterUser = "dwhuser";
        private String masterPassword;
        private int port = 5439;
        private String iamRoleName = "sparkfyRedshiftS3Read";
        private String region;
        private URI endpoint;
        private String vpcSecurityGroupId;
        private Boolean publiclyAccessible;
        private String accessKey;
        private String secretKey;
        private Duration pollInterval;
        private Duration timeout;

        private Builder() {
        }

        public Builder clusterIdentifier(String clusterIdentifier) {
            this.clusterIdentifier = clusterIdentifier;
            return this;
        }

        public Builder clusterType(String clusterType) {
            this.clusterType = clusterType;
            return this;
        }

        public Builder numberOfNodes(int numberOfNodes) {
            this.numberOfNodes = numberOfNodes;
            return this;
        }

        public Builder nodeType(String nodeType) {
            this.nodeType = nodeType;
            return this;
        }

        public Builder dbName(String dbName) {
            this.dbName = dbName;
            return this;
        }

        public Builder masterUser(String masterUser) {
            this.masterUser = masterUser;
            return this;
        }

        public Builder masterPassword(String masterPassword) {
            this.masterPassword = masterPassword;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder iamRoleName(String iamRoleName) {
            this.iamRoleName = iamRoleName;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder vpcSecurityGroupId(String vpcSecurityGroupId) {
            this.vpcSecurityGroupId = vpcSecurityGroupId;
            return this;
        }

        public Builder publiclyAccessible(Boolean publiclyAccessible) {
            this.publiclyAccessible = publiclyAccessible;
            return this;
        }

        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Static credentials, both or neither; neither: the SDK default chain. */
        public Builder keys(String accessKey, String secretKey) {
            this.accessKey = accessKey;
            this.secretKey = secretKey;
            return this;
        }

        public ClusterSettings build() {
            return new ClusterSettings(clusterIdentifier, clusterType, numberOfNodes, nodeType, dbName, masterUser,
                    masterPassword, port, iamRoleName, region, endpoint, vpcSecurityGroupId, publiclyAccessible,
                    accessKey, secretKey, pollInterval, timeout);
        }
    }
}
