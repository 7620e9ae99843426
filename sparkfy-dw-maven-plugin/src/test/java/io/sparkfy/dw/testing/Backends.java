package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** Finds a server backend by what it is doing, and kills it: for tests that fail a goal at a point they hold. */
public final class Backends {

    /** Only so that a broken build fails rather than hangs: each query asks about a state the test holds. */
    private static final int MAX_POLLS = 100_000;

    private Backends() {
    }

    /** The backend a query names ({@code SELECT pid ... WHERE ...}), asked until it names one. */
    public static int where(EmbeddedWarehouse dw, String query) throws Exception {
        try (Connection admin = dw.warehouse.connect(); Statement statement = admin.createStatement()) {
            admin.setAutoCommit(true);
            for (int poll = 0; poll < MAX_POLLS; poll++) {
                try (ResultSet rs = statement.executeQuery(query + " AND pid <> pg_backend_pid()")) {
                    if (rs.next()) {
                        return rs.getInt(1);
                    }
                }
            }
        }
        throw new AssertionError("no backend after " + MAX_POLLS + " polls: " + query);
    }

    public static void terminate(EmbeddedWarehouse dw, int pid) throws Exception {
        try (Connection admin = dw.warehouse.connect(); Statement statement = admin.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            assertTrue(rs.next() && rs.getBoolean(1), "backend " + pid + " not terminated");
            admin.rollback();
        }
    }
}
