package io.sparkfy.dw.target;

import io.sparkfy.dw.SparkfyException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/** What both JDBC targets share: the login properties, and opening a connection through the driver itself. */
public final class Jdbc {

    private Jdbc() {
    }

    /** User and password when given, and the application name the server's session list shows. */
    public static Properties login(String user, String password) {
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "sparkfy-dw");
        return properties;
    }

    /**
     * A connection in manual-commit mode. The driver directly, not DriverManager: the plugin's class realm is not
     * the system class loader. Messages never carry the password.
     */
    public static Connection connect(Driver driver, String url, Properties properties, String kind, String description) {
        try {
            Connection connection = driver.connect(url, properties);
            if (connection == null) {
                throw new SparkfyException("not a " + kind + " JDBC URL: " + Secrets.maskUrl(url));
            }
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            throw new SparkfyException("cannot connect to " + description + ": " + Secrets.mask(e.getMessage()), e);
        }
    }
}
