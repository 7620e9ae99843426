package io.sparkfy.dw.check;

import java.util.Locale;

/** What a check's failing rows do to the build: a warning never fails it, an error does (unless told otherwise). */
public enum Severity {
    WARN,
    ERROR;

    /** {@code warn} or {@code error}, in any case; anything else is null, for the caller to report where. */
    static Severity parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "warn" -> WARN;
            case "error" -> ERROR;
            default -> null;
        };
    }

    /** As written in a header and in the results: {@code warn}, {@code error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
