package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.Jdbc;
import io.sparkfy.dw.target.Secrets;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

/**
 * Amazon Redshift through its own JDBC driver. Staging is filled by native COPY from S3 (the cluster reads the
 * files); TLS is on unless the URL turns it off.
 */
public final class RedshiftWarehouse implements Warehouse {

    static final String LOCK_TABLE = "sparkfy_dw_lock";

    private final String url;
    private final Properties properties;
    private final Sources sources;
    private final S3Location manifestPrefix;

    RedshiftWarehouse(String url, String user, String password) {
        this(RedshiftLogin.password(url, user, password), Sources.local(), null);
    }

    /** {@code sources}: how the plugin lists and writes S3 for a load through manifests under {@code manifestPrefix}. */
    RedshiftWarehouse(String url, String user, String password, Sources sources, S3Location manifestPrefix) {
        this(RedshiftLogin.password(url, user, password), sources, manifestPrefix);
    }

    RedshiftWarehouse(RedshiftLogin login, Sources sources, S3Location manifestPrefix) {
        this.url = login.url();
        this.sources = sources;
        this.manifestPrefix = manifestPrefix;
        this.properties = login.properties();
        if (!url.toLowerCase(Locale.ROOT).matches(".*[?;&]ssl=.*")) {
            properties.setProperty("ssl", "true");
        }
        // The driver's background row fetching ("ring buffer") was seen to drop a commit() that follows a read,
        // through the test proxy: a lost commit is a silently lost load.
        properties.setProperty("enableFetchRingBuffer", "false");
    }

    /** The connection properties, for tests of the defaults (TLS); the password is not among them in toString. */
    Properties properties() {
        return properties;
    }

    @Override
    public Dialect dialect() {
        return Dialect.REDSHIFT;
    }

    @Override
    public String description() {
        return "Amazon Redshift at " + Secrets.maskUrl(url);
    }

    @Override
    public Connection connect() {
        return Jdbc.connect(new com.amazon.redshift.Driver(), url, properties, "Redshift", description());
    }

    @Override
    public StagingLoader stagingLoader() {
        return new RedshiftCopyLoader(sources, manifestPrefix);
    }

    /**
     * Redshift has no advisory locks: the lock is {@code LOCK} on a table kept for it alone (LOCK also stops
     * readers, so it cannot be a table the goal itself reads), held by a transaction left open for the goal's run;
     * {@code statement_timeout} bounds the wait.
     */
    @Override
    public WarehouseLock lock(Duration timeout, String goal, Log log) {
        Connection connection = connect();
        return WarehouseLock.acquire(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + LOCK_TABLE + " (holder VARCHAR(100))");
                connection.commit();
                statement.execute("SET statement_timeout TO " + Math.max(1, timeout.toMillis()));
                statement.execute("LOCK " + LOCK_TABLE);
                return true;
            } catch (SQLException e) {
                connection.rollback();
                if ("57014".equals(e.getSQLState())) { // the wait hit statement_timeout
                    throw WarehouseLock.heldTooLong(goal, timeout, e);
                }
                throw e;
            }
        }, () -> {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // closing the session releases it too
            }
        }, timeout, goal, log);
    }

    @Override
    public void close() {
        // connections are closed by their users
    }
}
