package io.sparkfy.dw;

/** Where the engine reports progress; the Maven goals bridge it to Maven's log, tests to a list. */
public interface Log {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** What failed, before the goal fails with its one-line reason (a failing check's rows); a warning by default. */
    default void error(String message) {
        warn(message);
    }

    /** A log that drops everything, for callers that want none. */
    static Log silent() {
        return new Log() {
            @Override public void info(String message) { }
            @Override public void warn(String message) { }
            @Override public void debug(String message) { }
        };
    }
}
