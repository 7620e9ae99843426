package io.sparkfy.dw.check;

/** How one check came out. */
public enum CheckStatus {
    /** No failing rows. */
    PASSED("passed"),
    /** Failing rows of a warn check (or a freshness check past its warn age only): shown, never fails the build. */
    WARNED("warned"),
    /** Failing rows of an error check (or past a freshness error age): fails the build unless told otherwise. */
    FAILED("FAILED"),
    /** The query itself failed (a syntax error, a missing table): the check could not say, so it fails too. */
    ERROR("ERROR");

    private final String label;

    CheckStatus(String label) {
        this.label = label;
    }

    /** As the log lines show it. */
    public String label() {
        return label;
    }

    /** Whether it fails the build (unless sparkfy.failOnError=false). */
    public boolean fails() {
        return this == FAILED || this == ERROR;
    }
}
