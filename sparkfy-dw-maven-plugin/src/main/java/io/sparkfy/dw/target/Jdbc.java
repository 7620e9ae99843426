package io.sparkfy.dw.target;

import io.sparkfy.dw.SparkfyException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
            throw new SparkfyException("cannot connect to " + description + ": " + reason(e, url), e);
        }
    }

    /**
     * Why a connection attempt failed, when the network says: the host whose name does not resolve, the port that
     * refused, the attempt that timed out (drivers say only "The connection attempt failed." for some of them).
     * Otherwise the driver's message, masked.
     */
    static String reason(SQLException failure, String url) {
        String address = address(url);
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                String host = cause.getMessage() == null || cause.getMessage().isBlank() ? address
                        : cause.getMessage().strip();
                return "unknown host " + host + ": the name does not resolve (UnknownHostException); check the host"
                        + " in the URL, and the network, DNS or VPN that should know it";
            }
            if (cause instanceof ConnectException) {
                return "connection refused by " + address + " (ConnectException): nothing listens on that port;"
                        + " check that the server runs and the URL's port";
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to " + address + " (NoRouteToHostException): the network cannot reach the host";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer from " + address + " in time (SocketTimeoutException): a firewall or security"
                        + " group may drop the connection, or the host is down";
            }
        }
        return Secrets.mask(failure.getMessage());
    }

    /** host:port of a JDBC URL, for messages ({@code jdbc:postgresql://h:5432/db} is {@code h:5432}). */
    static String address(String url) {
        Matcher m = ADDRESS.matcher(url);
        if (!m.find()) {
            return Secrets.maskUrl(url);
        }
        String address = m.group(1);
        return address.contains(":") ? address : address + " (the driver's default port)";
    }

    private static final Pattern ADDRESS = Pattern.compile("//(?:[^@/?;]*@)?([^/?;]+)");
}
