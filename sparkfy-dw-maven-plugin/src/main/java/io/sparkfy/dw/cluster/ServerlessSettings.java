package io.sparkfy.dw.cluster;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Everything the Serverless goals need for one namespace (the data: database, admin user, snapshots) and its
 * workgroup (the compute: capacity, endpoint). Checked up front, like {@link ClusterSettings}. Made with
 * {@link #builder()}.
 *
 * @param adminPassword      null: Secrets Manager manages the admin password (AWS's {@code manageAdminPassword}),
 *                           so none exists in the build
 * @param baseCapacity       Redshift Processing Units, 8 to 1024 in steps of 8
 * @param defaultIamRoleArn  null: none; else attached and made the namespace's default, so that COPY's
 *                           {@code IAM_ROLE default} works
 * @param endpoint           null for real AWS; an override otherwise (tests, private endpoints)
 */
public record ServerlessSettings(String namespaceName, String workgroupName, String dbName, String adminUser,
                                 String adminPassword, int baseCapacity, String region, URI endpoint,
                                 Boolean publiclyAccessible, String securityGroupId, String defaultIamRoleArn,
                                 Duration pollInterval, Duration timeout) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9-]{3,64}");
    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_$]{0,63}");
    private static final Pattern ADMIN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern SECURITY_GROUP = Pattern.compile("sg-[0-9a-zA-Z]+");

    public ServerlessSettings {
        pollInterval = pollInterval == null ? ClusterSettings.DEFAULT_POLL_INTERVAL : pollInterval;
        timeout = timeout == null ? ClusterSettings.DEFAULT_TIMEOUT : timeout;
        name("namespace", namespaceName);
        name("workgroup", workgroupName);
        if (dbName == null || !DB_NAME.matcher(dbName).matches()) {
            throw new SparkfyException("Invalid database name '" + dbName + "' for namespace " + namespaceName
                    + ": use 1 to 64 lowercase letters, digits, _ or $, not starting with a digit");
        }
        if (adminUser == null || !ADMIN.matcher(adminUser).matches()) {
            throw new SparkfyException("Invalid admin user name '" + adminUser + "' for namespace " + namespaceName
                    + ": use 1 to 128 letters, digits or _, starting with a letter");
        }
        if (adminPassword != null) {
            ClusterSettings.checkPassword("namespace " + namespaceName, adminPassword);
        }
        if (baseCapacity < 8 || baseCapacity > 1024 || baseCapacity % 8 != 0) {
            throw new SparkfyException("Invalid base capacity " + baseCapacity + " for workgroup " + workgroupName
                    + ": use 8 to 1024 RPUs in steps of 8");
        }
        if (region == null || region.isBlank()) {
            throw new SparkfyException("Missing AWS region for namespace " + namespaceName + ": set "
                    + PropertyNames.CLUSTER_REGION + " (e.g. us-west-2) or the SDK's default region (AWS_REGION,"
                    + " the profile's region)");
        }
        if (securityGroupId != null && !SECURITY_GROUP.matcher(securityGroupId).matches()) {
            throw new SparkfyException("Invalid VPC security group id '" + securityGroupId + "' for workgroup "
                    + workgroupName + ": expected sg- followed by letters and digits");
        }
        if (defaultIamRoleArn != null && !ROLE_ARN.matcher(defaultIamRoleArn).matches()) {
            throw new SparkfyException("Invalid IAM role ARN '" + defaultIamRoleArn + "' for namespace "
                    + namespaceName + ": expected arn:aws:iam::<account>:role/<name>");
        }
        if (pollInterval.isNegative() || pollInterval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new SparkfyException("The poll interval and the timeout must be positive");
        }
    }

    private static void name(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SparkfyException("Invalid " + what + " name '" + name + "': use 3 to 64 lowercase letters,"
                    + " digits and hyphens");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "ServerlessSettings[namespaceName=" + namespaceName + ", workgroupName=" + workgroupName + ", dbName="
                + dbName + ", adminUser=" + adminUser + ", adminPassword=" + (adminPassword == null ? "managed"
                : "****") + ", baseCapacity=" + baseCapacity + ", region=" + region + ", endpoint=" + endpoint
                + ", publiclyAccessible=" + publiclyAccessible + ", securityGroupId=" + securityGroupId
                + ", defaultIamRoleArn=" + defaultIamRoleArn + ", pollInterval=" + pollInterval + ", timeout="
                + timeout + "]";
    }

    /** Defaults: database dev, admin user admin, 8 RPUs, a managed admin password. */
    public static final class Builder {
        private String namespaceName;
        private String workgroupName;
        private String dbName = "dev";
        private String adminUser = "admin";
        private String adminPassword;
        private int baseCapacity = 8;
        private String region;
        private URI endpoint;
        private Boolean publiclyAccessible;
        private String securityGroupId;
        private String defaultIamRoleArn;
        private Duration pollInterval;
        private Duration timeout;

        private Builder() {
        }

        public Builder namespaceName(String value) {
            namespaceName = value;
            return this;
        }

        public Builder workgroupName(String value) {
            workgroupName = value;
            return this;
        }

        public Builder dbName(String value) {
            dbName = value;
            return this;
        }

        public Builder adminUser(String value) {
            adminUser = value;
            return this;
        }

        public Builder adminPassword(String value) {
            adminPassword = value;
            return this;
        }

        public Builder baseCapacity(int value) {
            baseCapacity = value;
            return this;
        }

        public Builder region(String value) {
            region = value;
            return this;
        }

        public Builder endpoint(URI value) {
            endpoint = value;
            return this;
        }

        public Builder publiclyAccessible(Boolean value) {
            publiclyAccessible = value;
            return this;
        }

        public Builder securityGroupId(String value) {
            securityGroupId = value;
            return this;
        }

        public Builder defaultIamRoleArn(String value) {
            defaultIamRoleArn = value;
            return this;
        }

        public Builder pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = value;
            return this;
        }

        public ServerlessSettings build() {
            return new ServerlessSettings(namespaceName, workgroupName, dbName, adminUser, adminPassword,
                    baseCapacity, region, endpoint, publiclyAccessible, securityGroupId, defaultIamRoleArn,
                    pollInterval, timeout);
        }
    }
}
