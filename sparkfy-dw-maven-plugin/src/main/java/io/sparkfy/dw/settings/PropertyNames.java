package io.sparkfy.dw.settings;

/**
 * Every {@code sparkfy.*} property, named once: the mojos' {@code @Parameter(property = ...)}, the settings layers
 * and the error messages all use these, so a renamed property cannot drift between them (as jib's PropertyNames).
 */
public final class PropertyNames {

    // Every goal
    public static final String SKIP = "sparkfy.skip";

    // Where the warehouse is and how to log in
    public static final String URL = "sparkfy.url";
    public static final String USER = "sparkfy.user";
    public static final String PASSWORD = "sparkfy.password";
    public static final String SERVER_ID = "sparkfy.serverId";
    public static final String EMBEDDED_DIRECTORY = "sparkfy.embeddedDirectory";
    public static final String CONFIG_FILE = "sparkfy.configFile";
    public static final String IAM_ROLE = "sparkfy.iamRole";
    public static final String DRY_RUN = "sparkfy.dryRun";
    public static final String LOCK_TIMEOUT = "sparkfy.lockTimeout";

    // The load goals' sources and COPY options
    public static final String SONG_DATA = "sparkfy.songData";
    public static final String LOG_DATA = "sparkfy.logData";
    public static final String LOG_JSON_PATHS = "sparkfy.logJsonPaths";
    public static final String REGION = "sparkfy.region";
    public static final String MAX_ERROR = "sparkfy.maxError";
    public static final String TIME_FORMAT = "sparkfy.timeFormat";
    public static final String S3_ENDPOINT = "sparkfy.s3Endpoint";
    public static final String S3_PATH_STYLE = "sparkfy.s3PathStyle";
    public static final String S3_ANONYMOUS = "sparkfy.s3Anonymous";
    public static final String S3_CHECKSUMS = "sparkfy.s3Checksums";
    public static final String RELOAD = "sparkfy.reload";
    public static final String MANIFEST_PREFIX = "sparkfy.manifestPrefix";

    // The cluster goals
    public static final String CLUSTER_IDENTIFIER = "sparkfy.clusterIdentifier";
    public static final String CLUSTER_TYPE = "sparkfy.clusterType";
    public static final String NUMBER_OF_NODES = "sparkfy.numberOfNodes";
    public static final String NODE_TYPE = "sparkfy.nodeType";
    public static final String DB_NAME = "sparkfy.dbName";
    public static final String MASTER_USER = "sparkfy.masterUser";
    public static final String CLUSTER_SERVER_ID = "sparkfy.clusterServerId";
    public static final String PORT = "sparkfy.port";
    public static final String IAM_ROLE_NAME = "sparkfy.iamRoleName";
    public static final String CLUSTER_REGION = "sparkfy.clusterRegion";
    public static final String AWS_ENDPOINT = "sparkfy.awsEndpoint";
    public static final String VPC_SECURITY_GROUP_ID = "sparkfy.vpcSecurityGroupId";
    public static final String PUBLICLY_ACCESSIBLE = "sparkfy.publiclyAccessible";
    public static final String USE_CONFIG_FILE_KEYS = "sparkfy.useConfigFileKeys";
    public static final String POLL_SECONDS = "sparkfy.pollSeconds";
    public static final String CLUSTER_TIMEOUT_MINUTES = "sparkfy.clusterTimeoutMinutes";
    public static final String WRITE_CONFIG_FILE = "sparkfy.writeConfigFile";
    public static final String SKIP_FINAL_SNAPSHOT = "sparkfy.skipFinalSnapshot";
    public static final String DELETE_ROLE = "sparkfy.deleteRole";
    public static final String CONFIRM = "sparkfy.confirm";

    // The other goals
    public static final String RECREATE = "sparkfy.recreate";
    public static final String SQL = "sparkfy.sql";
    public static final String MAX_ROWS = "sparkfy.maxRows";
    public static final String HISTORY_LIMIT = "sparkfy.historyLimit";
    public static final String REPORT_DIRECTORY = "sparkfy.reportDirectory";
    public static final String SEED = "sparkfy.seed";
    public static final String SONG_COUNT = "sparkfy.songCount";
    public static final String EVENT_COUNT = "sparkfy.eventCount";
    public static final String OUTPUT_DIRECTORY = "sparkfy.outputDirectory";
    public static final String SERVE_PORT = "sparkfy.servePort";
    public static final String READER_PASSWORD = "sparkfy.readerPassword";

    // The check goal
    public static final String CHECKS = "sparkfy.checks";
    public static final String FAIL_ON_ERROR = "sparkfy.failOnError";
    public static final String CHECKS_DIRECTORY = "sparkfy.checksDirectory";
    public static final String CHECK_REPORTS_DIRECTORY = "sparkfy.checkReportsDirectory";
    public static final String PLAYS_WARN_AFTER = "sparkfy.playsWarnAfter";
    public static final String PLAYS_ERROR_AFTER = "sparkfy.playsErrorAfter";
    public static final String LOADS_WARN_AFTER = "sparkfy.loadsWarnAfter";
    public static final String LOADS_ERROR_AFTER = "sparkfy.loadsErrorAfter";

    // generate-data's counts under their first names, read from the command line only (with a warning): as POM
    // parameters, <songs> and <events> are the load goals' COPY blocks
    @Deprecated
    public static final String SONGS = "sparkfy.songs";
    @Deprecated
    public static final String EVENTS = "sparkfy.events";

    // Read from dwh.cfg (or -D) only: no POM parameter, so that secrets stay out of POMs
    public static final String MASTER_PASSWORD = "sparkfy.masterPassword";
    public static final String AWS_KEY = "sparkfy.awsKey";
    public static final String AWS_SECRET = "sparkfy.awsSecret";

    private PropertyNames() {
    }
}
