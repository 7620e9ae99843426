package io.sparkfy.dw.target.redshift;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.Jdbc;
import io.sparkfy.dw.target.Secrets;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Amazon Redshift through its own JDBC driver. Staging is filled by native COPY from S3 (the cluster reads the
 * files); TLS is on unless the URL turns it off.
 */
public final class RedshiftWarehouse implements Warehouse {

    static final String LOCK_TABLE = "sparkfy_dw_lock";
    /** A LOCK that takes longer than this is waiting for another goal, which the log then says. */
    static final Duration WAIT_NOTICE = Duration.ofSeconds(2);
    private static final int END_SESSION_SECONDS = 30;

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
    public FullBuild fullBuild() {
        return new RedshiftFullBuild();
    }

    @Override
    public StagingLoader stagingLoader() {
        return new RedshiftCopyLoader(sources, manifestPrefix);
    }

    /**
     * Redshift has no advisory locks: the lock is {@code LOCK} on a table kept for it alone (LOCK also stops
     * readers, so it cannot be a table the goal itself reads), held by a transaction left open for the goal's run.
     * LOCK has no NOWAIT and AWS does not document that {@code statement_timeout} covers its wait, so the wait is
     * bounded on the client: the lock's own connection has the driver's {@code socketTimeout} (an AWS-documented
     * option: a read waiting longer closes the connection) set to the lock timeout. Its only long read is that
     * LOCK; the session left waiting on the server is then ended with {@code PG_TERMINATE_BACKEND}.
     */
    @Override
    public WarehouseLock lock(Duration timeout, String goal, Log log) {
        return lock(timeout, goal, log, WAIT_NOTICE);
    }

    /** {@code notice}: how long LOCK may take before the goal says it waits for another one (tests: zero). */
    WarehouseLock lock(Duration timeout, String goal, Log log, Duration notice) {
        Properties bounded = new Properties();
        bounded.putAll(properties);
        bounded.setProperty("socketTimeout", String.valueOf(socketSeconds(timeout)));
        Connection connection = Jdbc.connect(new com.amazon.redshift.Driver(), url, bounded, "Redshift",
                description());
        return WarehouseLock.acquire(connection, () -> {
            long pid;
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + LOCK_TABLE + " (holder VARCHAR(100))");
                connection.commit();
                try (ResultSet rs = statement.executeQuery("SELECT PG_BACKEND_PID()")) {
                    rs.next();
                    pid = rs.getLong(1);
                }
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
            // LOCK blocks while another goal holds it: say so once it has taken longer than a free lock would.
            boolean waited;
            try (WaitNotice waiting = new WaitNotice(() -> log.info(WarehouseLock.waiting(goal, timeout)), notice);
                 Statement statement = connection.createStatement()) {
                statement.execute("LOCK " + LOCK_TABLE);
                waited = waiting.end();
            } catch (SQLException e) {
                if (timedOut(e)) {
                    endSession(pid, log);
                    throw WarehouseLock.heldTooLong(goal, timeout, e);
                }
                connection.rollback();
                throw e;
            }
            if (waited) {
                log.info(WarehouseLock.free(goal));
            }
            return true;
        }, () -> {
            try {
                connection.rollback();
            } catch (SQLException e) {
                // closing the session releases it too
            }
        }, timeout, goal, log);
    }

    /** The driver's socketTimeout is in whole seconds, and 0 would mean no bound at all. */
    static int socketSeconds(Duration timeout) {
        long seconds = timeout.toSeconds() + (timeout.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, seconds));
    }

    /** The read that waited for the server gave up: the socket timed out (the driver has closed the connection). */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The closed connection's session may still be queued for the lock. PG_TERMINATE_BACKEND (users may end their
     * own sessions; AWS's answer for a query PG_CANCEL_BACKEND cannot cancel inside a transaction block) ends it
     * now rather than when it would get the lock. Best effort: either way it never holds the lock past getting it,
     * as its client is gone.
     */
    private void endSession(long pid, Log log) {
        Properties shortWait = new Properties();
        shortWait.putAll(properties);
        shortWait.setProperty("socketTimeout", String.valueOf(END_SESSION_SECONDS));
        try (Connection connection = Jdbc.connect(new com.amazon.redshift.Driver(), url, shortWait, "Redshift",
                description()); Statement statement = connection.createStatement()) {
            statement.execute("SELECT PG_TERMINATE_BACKEND(" + pid + ")");
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            log.debug("could not end the lock wait of session " + pid + ": " + Secrets.mask(e.getMessage()));
        }
    }

    /** Says once, from a timer thread, that the goal waits, unless {@link #end()} came first. */
    private static final class WaitNotice implements AutoCloseable {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "sparkfy-dw-lock-notice");
            thread.setDaemon(true);
            return thread;
        });
        private boolean said;
        private boolean ended;

        WaitNotice(Runnable say, Duration after) {
            timer.schedule(() -> {
                synchronized (this) {
                    if (!ended) {
                        said = true;
                        say.run();
                    }
                }
            }, after.toNanos(), TimeUnit.NANOSECONDS);
        }

        /** Whether the notice was given; none is given after this. */
        synchronized boolean end() {
            ended = true;
            return said;
        }

        @Override
        public void close() {
            end();
            timer.shutdownNow();
        }
    }

    /** The driver's cancel request first (the running statement ends at once), then the connection drops. */
    @Override
    public void abort(Connection connection) {
        try {
            connection.unwrap(com.amazon.redshift.RedshiftConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException e) {
            // nothing running, or closed already
        }
        Warehouse.super.abort(connection);
    }

    @Override
    public void close() {
        // connections are closed by their users
    }
}
