package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redshift JDBC driver against a real PostgreSQL 17, through the proxy: what the warehouse code relies on. */
class RedshiftStartupProxyTest {

    private static EmbeddedPostgres postgres;
    private static RedshiftStartupProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        proxy = RedshiftStartupProxy.start("localhost", postgres.getPort());
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static Properties driverProperties() {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("ssl", "false"); // else the driver gives up: "The server does not support SSL."
        // By default a background thread reads result rows; commit() right after reading a result set then sometimes
        // sees the transaction as idle and sends no COMMIT at all (46 of 2000 here). Reading rows inline fixes that.
        props.setProperty("enableFetchRingBuffer", "false");
        return props;
    }

    private static Connection connect() throws SQLException {
        return connect(proxy);
    }

    private static Connection connect(RedshiftStartupProxy through) throws SQLException {
        return new com.amazon.redshift.Driver().connect(through.jdbcUrl("postgres"), driverProperties());
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }

    @Test
    void jdbcUrlNamesTheProxyPort() {
        assertTrue(proxy.port() > 0);
        assertNotEquals(postgres.getPort(), proxy.port());
        assertEquals("jdbc:redshift://127.0.0.1:" + proxy.port() + "/warehouse", proxy.jdbcUrl("warehouse"));
    }

    @Test
    void connectingWithoutTheProxyFails() {
        String direct = "jdbc:redshift://localhost:" + postgres.getPort() + "/postgres";
        SQLException e = assertThrows(SQLException.class,
                () -> new com.amazon.redshift.Driver().connect(direct, driverProperties()).close());
        assertTrue(e.getMessage().matches("(?s).*unrecognized configuration parameter \"(driver_version|os_version"
                + "|client_protocol_version|driver_discovery_version)\".*"), e.getMessage());
    }

    @Test
    void createInsertSelectRoundTrip() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            assertTrue(connection.getAutoCommit());
            statement.execute("CREATE TABLE round_trip (id integer PRIMARY KEY, name varchar(20))");
            assertEquals(2, statement.executeUpdate("INSERT INTO round_trip VALUES (1, 'one'), (2, 'two')"));
            try (ResultSet rs = statement.executeQuery("SELECT id, name FROM round_trip ORDER BY id")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt("id"));
                assertEquals("one", rs.getString("name"));
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
                assertEquals("two", rs.getString(2));
                assertFalse(rs.next());
            }
        }
        assertEquals(2, count("round_trip"), "autocommitted, so a new connection sees the rows");
    }

    @Test
    void preparedStatementBindsParameters() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bound (id integer, name text, amount numeric(10,2), day date)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bound VALUES (?, ?, ?, ?)")) {
                insert.setInt(1, 7);
                insert.setString(2, "it's"); // a quote: sent as a parameter, not spliced into the SQL
                insert.setBigDecimal(3, new BigDecimal("12.50"));
                insert.setDate(4, Date.valueOf("2024-02-29"));
                assertEquals(1, insert.executeUpdate());
                insert.setInt(1, 8);
                insert.setNull(2, Types.VARCHAR);
                insert.setBigDecimal(3, new BigDecimal("-0.01"));
                insert.setNull(4, Types.DATE);
                assertEquals(1, insert.executeUpdate());
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name, amount, day FROM bound WHERE id = ? AND amount > ?")) {
                select.setInt(1, 7);
                select.setBigDecimal(2, BigDecimal.ZERO);
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("it's", rs.getString(1));
                    assertEquals(new BigDecimal("12.50"), rs.getBigDecimal(2));
                    assertEquals(Date.valueOf("2024-02-29"), rs.getDate(3));
                    assertFalse(rs.next());
                }
                select.setInt(1, 8);
                select.setBigDecimal(2, new BigDecimal("-1"));
                try (ResultSet rs = select.executeQuery()) {
                    assertTrue(rs.next());
                    assertNull(rs.getString(1));
                    assertNull(rs.getDate(3));
                }
            }
        }
    }

    @Test
    void batchInsertsEveryRow() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE batched (id integer, name text)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batched VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "row " + i);
                    insert.addBatch();
                }
                assertArrayEquals(new int[] {1, 1, 1}, insert.executeBatch());
            }
            try (ResultSet rs = statement.executeQuery("SELECT string_agg(name, ',' ORDER BY id) FROM batched")) {
                assertTrue(rs.next());
                assertEquals("row 1,row 2,row 3", rs.getString(1));
            }
        }
    }

    @Test
    void rollbackDropsAndCommitKeepsRows() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE transactional (id integer)");
            connection.setAutoCommit(false);

            statement.executeUpdate("INSERT INTO transactional VALUES (1)");
            assertEquals(0, count("transactional"), "not committed yet, so another connection sees nothing");
            connection.rollback();
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM transactional")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1), "the rolled back row is gone");
            }

            statement.executeUpdate("INSERT INTO transactional VALUES (2)");
            connection.commit();
            assertEquals(1, count("transactional"));
            try (ResultSet rs = statement.executeQuery("SELECT id FROM transactional")) {
                assertTrue(rs.next());
                assertEquals(2, rs.getInt(1));
            }
            connection.commit();
        }
    }

    @Test
    void sqlErrorSurfacesWithItsStateAndConnectionRecovers() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM no_such_table"));
            assertEquals("42P01", e.getSQLState());
            assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());

            SQLException aborted = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT 1"));
            assertEquals("25P02", aborted.getSQLState(), "PostgreSQL refuses more work until the rollback");
            connection.rollback();
            try (ResultSet rs = statement.executeQuery("SELECT 41 + 1")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    @Test
    void twoConnectionsAtOnceAreSeparateSessions() throws SQLException {
        try (Connection first = connect(); Connection second = connect();
             Statement one = first.createStatement(); Statement two = second.createStatement()) {
            one.execute("CREATE TABLE shared (id integer)");
            assertNotEquals(backendPid(one), backendPid(two));

            first.setAutoCommit(false);
            one.executeUpdate("INSERT INTO shared VALUES (1)");
            two.executeUpdate("INSERT INTO shared VALUES (2)"); // autocommitted while the first one's is open
            assertEquals(1, countOn(two, "shared"), "the first connection's row is not committed");
            assertEquals(2, countOn(one, "shared"));
            first.commit();
            assertEquals(2, countOn(two, "shared"));
        }
    }

    @Test
    void queryTimeoutCancelsThroughTheProxy() throws SQLException {
        // The driver cancels on a new connection with a CancelRequest, which the proxy must pass on unchanged.
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            SQLException e = assertThrows(SQLException.class, () -> statement.execute("SELECT pg_sleep(30)"),
                    "pg_sleep(30) ran to its end: the cancel never reached the server");
            // The server's own words for a CancelRequest (a statement_timeout would say "statement timeout").
            assertEquals("57014", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("canceling statement due to user request"), e.getMessage());
            try (ResultSet rs = statement.executeQuery("SELECT 1")) {
                assertTrue(rs.next());
            }
        }
    }

    @Test
    void closeEndsOpenConnectionsAndStopsAccepting() throws Exception {
        RedshiftStartupProxy own = RedshiftStartupProxy.start("localhost", postgres.getPort());
        String prefix = "redshift-proxy-" + own.port() + "-";
        try (Connection connection = connect(own); Statement statement = connection.createStatement()) {
            assertEquals(1, countOn(statement, "(SELECT 1) AS one"));
            assertTrue(threadsNamed(prefix).size() >= 3, "an accept thread and two per connection: "
                    + threadsNamed(prefix));
            own.close();
            assertThrows(SQLException.class, () -> countOn(statement, "(SELECT 1) AS one"));
            assertThrows(SQLException.class, () -> connect(own).close());
        }
        // Every thread of the proxy ends: joined until none is left (a thread may start another before it ends).
        for (List<Thread> left = threadsNamed(prefix); !left.isEmpty(); left = threadsNamed(prefix)) {
            for (Thread thread : left) {
                thread.join(JOIN_GUARD_MILLIS);
                assertFalse(thread.isAlive(), thread.getName() + " still runs after close()");
            }
        }
    }

    /** Only so that a proxy thread that never ends fails the test instead of hanging it; one that ends is joined. */
    private static final long JOIN_GUARD_MILLIS = 30_000;

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    @Test
    void startupMessageLosesOnlyTheRedshiftParameters() {
        byte[] stripped = RedshiftStartupProxy.withoutRedshiftParameters(startup(
                "user", "postgres", "driver_version", "Redshift JDBC Driver 2.3.0", "database", "dev",
                "os_version", "Linux", "client_encoding", "UTF8", "client_protocol_version", "2",
                "driver_discovery_version", "1", "application_name", "app"));
        assertArrayEquals(startup("user", "postgres", "database", "dev", "client_encoding", "UTF8",
                "application_name", "app"), stripped);
        assertEquals(stripped.length, ByteBuffer.wrap(stripped).getInt());
    }

    private static byte[] startup(String... keysAndValues) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String s : keysAndValues) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(196608)
                .put(body.toByteArray()).array();
    }

    private static int backendPid(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }

    private static long countOn(Statement statement, String table) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            assertTrue(rs.next());
            return rs.getLong(1);
        }
    }
}
