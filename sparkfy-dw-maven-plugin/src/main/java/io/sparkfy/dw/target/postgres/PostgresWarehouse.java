package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.source.Sources;
import io.sparkfy.dw.target.FullBuild;
import io.sparkfy.dw.target.Jdbc;
import io.sparkfy.dw.target.Serving;
import io.sparkfy.dw.target.Warehouse;
import io.sparkfy.dw.target.WarehouseLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A PostgreSQL warehouse, external or embedded. Staging is filled by emulating Redshift's COPY ... JSON: the
 * plugin reads the JSON and streams rows into COPY FROM STDIN.
 */
public final class PostgresWarehouse implements Warehouse {

    /** "sparkfy-dw" as a number: the advisory lock every sparkfy-dw goal takes on a PostgreSQL warehouse. */
    static final long LOCK_KEY = 0x737061726b6679L;

    private final String url;
    private final Properties properties;
    private final String description;
    private final Sources sources;
    /** The embedded server's data folder; null for an external PostgreSQL. */
    private final Path embeddedDirectory;
    /** The port the embedded server was asked for (0: any). */
    private final int requestedPort;

    PostgresWarehouse(String url, String user, String password, String description, Sources sources,
                      Path embeddedDirectory, int requestedPort) {
        this.requestedPort = requestedPort;
        this.url = url;
        this.properties = Jdbc.login(user, password);
        this.description = description;
        this.sources = sources;
        this.embeddedDirectory = embeddedDirectory;
    }

    @Override
    public Dialect dialect() {
        return Dialect.POSTGRES;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Connection connect() {
        return Jdbc.connect(new org.postgresql.Driver(), url, properties, "PostgreSQL", description);
    }

    @Override
    public FullBuild fullBuild() {
        return new PostgresFullBuild(this::connect);
    }

    @Override
    public StagingLoader stagingLoader() {
        return new PostgresCopyEmulation(sources);
    }

    /** A session-level advisory lock, on a key of its own. */
    @Override
    public WarehouseLock lock(Duration timeout, String goal, Log log) {
        Connection connection = connect();
        return WarehouseLock.acquire(connection, () -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
                rs.next();
                boolean locked = rs.getBoolean(1);
                connection.commit();
                return locked;
            }
        }, () -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                connection.commit();
            } catch (SQLException e) {
                // closing the session releases it too
            }
        }, timeout, goal, log);
    }

    /** The embedded server, with the reader's role and grants in place, until the result is closed. */
    @Override
    public Serving serve(String readerPassword, List<String> readableTables, Log log) {
        if (embeddedDirectory == null || url == null) {
            return Warehouse.super.serve(readerPassword, readableTables, log);
        }
        // Only a server started by an older plugin version lacks the rule; a reload makes it count.
        boolean reload = ReaderLogin.requirePassword(embeddedDirectory);
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            ReaderLogin.configure(connection, readerPassword, readableTables);
            if (reload) {
                statement.execute("SELECT pg_reload_conf()");
            }
            connection.commit();
        } catch (SQLException e) {
            throw new SparkfyException("cannot set up the read-only login " + ReaderLogin.ROLE + " on "
                    + description + ": " + e.getMessage(), e);
        }
        int port = EmbeddedPostgresServer.port(embeddedDirectory);
        if (requestedPort != 0 && port != requestedPort) {
            log.warn("serve: the embedded PostgreSQL already ran for another build, on port " + port + ": serving"
                    + " it there, not on " + requestedPort + " (run serve first to have the fixed port)");
        }
        Path folder = embeddedDirectory;
        return new Serving() {
            @Override public String host() { return EmbeddedPostgresServer.HOST; }
            @Override public int port() { return port; }
            @Override public String database() { return "postgres"; }
            @Override public String readerUser() { return ReaderLogin.ROLE; }
            @Override public void close() { EmbeddedPostgresServer.stop(folder); }
        };
    }

    /** The driver's cancel request first (the running statement ends at once), then the connection drops. */
    @Override
    public void abort(Connection connection) {
        try {
            connection.unwrap(org.postgresql.PGConnection.class).cancelQuery();
        } catch (SQLException | RuntimeException e) {
            // nothing running, or closed already
        }
        Warehouse.super.abort(connection);
    }

    @Override
    public void close() {
        // Connections are closed by their users; an embedded server lives as long as the build.
    }
}
