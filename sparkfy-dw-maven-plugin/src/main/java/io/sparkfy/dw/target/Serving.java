package io.sparkfy.dw.target;

/**
 * A warehouse this machine serves to other tools (the serve goal): where it listens and its read-only login.
 * Closing it ends the serving; the embedded server stops unless a build still uses it.
 */
public interface Serving extends AutoCloseable {

    /** The address it listens on: the loopback address only, so only this machine reaches it. */
    String host();

    int port();

    String database();

    /** The login that can only read the warehouse's tables. */
    String readerUser();

    /** What the server says when it stops, for the goal's last line ("stopped", or who still uses it). */
    @Override
    void close();

    /** The URL for JDBC tools (DBeaver, Metabase, IntelliJ): the PostgreSQL driver, no user or password in it. */
    default String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database();
    }
}
