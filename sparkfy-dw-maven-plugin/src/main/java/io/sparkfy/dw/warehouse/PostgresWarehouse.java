package io.sparkfy.dw.warehouse;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.load.PostgresCopyEmulation;
import io.sparkfy.dw.load.StagingLoader;
import io.sparkfy.dw.schema.Dialect;
import io.sparkfy.dw.source.Sources;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A PostgreSQL warehouse, external or embedded. Staging is filled by emulating Redshift's COPY ... JSON: the
 * plugin reads the JSON and streams rows into COPY FROM STDIN.
 */
public final class PostgresWarehouse implements Warehouse {

    private final String url;
    private final Properties properties;
    private final String description;

    PostgresWarehouse(String url, String user, String password, String description) {
        this.url = url;
        this.properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "sparkfy-dw");
        this.description = description;
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
        try {
            // The driver directly, not DriverManager: the plugin's class realm is not the system class loader.
            Connection connection = new org.postgresql.Driver().connect(url, properties);
            if (connection == null) {
                throw new SparkfyException("not a PostgreSQL JDBC URL: " + Secrets.maskUrl(url));
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw new SparkfyException("cannot connect to " + description + ": " + Secrets.mask(e.getMessage()), e);
        }
    }

    @Override
    public StagingLoader stagingLoader(Sources sources) {
        return new PostgresCopyEmulation(sources);
    }

    @Override
    public void close() {
        // Connections are closed by their users; an embedded server lives as long as the build.
    }
}
