package io.sparkfy.dw;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongSupplier;

/**
 * The rows a statement changed. Through JDBC they are known as soon as it ran; through a transport that sends a
 * transaction's statements as one batch at commit (the Redshift Data API), only once the transaction committed:
 * such a statement implements {@link Deferred}, and its count is asked for after the commit.
 */
public final class RowCounts {

    private RowCounts() {
    }

    /** A statement whose row count is known once its transaction has committed. */
    public interface Deferred {
        /** The rows the statement last executed changed; asking before its transaction committed fails. */
        LongSupplier rowCount();
    }

    /** The rows the statement just executed changed (0 for one that changes none), now or once committed. */
    public static LongSupplier of(Statement statement) throws SQLException {
        if (statement instanceof Deferred deferred) {
            return deferred.rowCount();
        }
        long rows = Math.max(0, statement.getUpdateCount());
        return () -> rows;
    }
}
