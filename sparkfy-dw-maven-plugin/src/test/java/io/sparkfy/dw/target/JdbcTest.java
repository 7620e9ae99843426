package io.sparkfy.dw.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.testing.RecordingLog;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A warehouse that cannot be reached says which host and why, for both drivers: the driver's own words ("The
 * connection attempt failed.") name neither.
 */
class JdbcTest {

    /** A name that never resolves: .invalid is reserved for that (RFC 2606). */
    private static final String NO_SUCH_HOST = "no-such-host.invalid";

    @Test
    void anUnknownHostIsNamedWithTheCause() {
        assertEquals("cannot connect to PostgreSQL at jdbc:postgresql://" + NO_SUCH_HOST + "/db: unknown host "
                + NO_SUCH_HOST + ": the name does not resolve (UnknownHostException); check the host in the URL, and"
                + " the network, DNS or VPN that should know it",
                failure("jdbc:postgresql://" + NO_SUCH_HOST + "/db"));
        assertEquals("cannot connect to Amazon Redshift at jdbc:redshift://" + NO_SUCH_HOST + ":5439/dev: unknown"
                + " host " + NO_SUCH_HOST + ": the name does not resolve (UnknownHostException); check the host in the"
                + " URL, and the network, DNS or VPN that should know it",
                failure("jdbc:redshift://" + NO_SUCH_HOST + ":5439/dev"));
    }

    @Test
    void aRefusedConnectionNamesTheHostAndPort() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort(); // free once closed: nothing listens there
        }
        String at = "127.0.0.1:" + port;
        assertEquals("cannot connect to PostgreSQL at jdbc:postgresql://" + at + "/db: connection refused by " + at
                + " (ConnectException): nothing listens on that port; check that the server runs and the URL's port",
                failure("jdbc:postgresql://" + at + "/db"));
        assertEquals("cannot connect to Amazon Redshift at jdbc:redshift://" + at + "/dev: connection refused by " + at
                + " (ConnectException): nothing listens on that port; check that the server runs and the URL's port",
                failure("jdbc:redshift://" + at + "/dev"));
    }

    @Test
    void aTimeoutAndOtherFailuresSayWhatTheyAre() {
        SQLException timedOut = new SQLException("The connection attempt failed.", "08001",
                new SocketTimeoutException("Connect timed out"));
        assertEquals("no answer from cluster.example.com:5439 in time (SocketTimeoutException): a firewall or"
                + " security group may drop the connection, or the host is down",
                Jdbc.reason(timedOut, "jdbc:redshift://cluster.example.com:5439/dev"));
        assertEquals("password authentication failed for user \"u\"", Jdbc.reason(new SQLException(
                "password authentication failed for user \"u\""), "jdbc:postgresql://h/db"));
        assertEquals("h (the driver's default port)", Jdbc.address("jdbc:postgresql://h/db?ssl=true"));
        assertEquals("h:1", Jdbc.address("jdbc:postgresql://user:secret@h:1/db"));
    }

    private static String failure(String url) {
        Warehouse warehouse = Warehouses.open(new WarehouseSettings(url, "u", "p", Path.of("unused")),
                new RecordingLog());
        SparkfyException e = assertThrows(SparkfyException.class, warehouse::connect);
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        return e.getMessage();
    }
}
