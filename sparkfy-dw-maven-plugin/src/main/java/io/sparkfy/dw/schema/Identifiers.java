package io.sparkfy.dw.schema;

import io.sparkfy.dw.SparkfyException;
import java.util.regex.Pattern;

/** Identifiers that end up in SQL text are checked against a plain grammar, then double-quoted. */
public final class Identifiers {

    private static final Pattern PLAIN = Pattern.compile("[a-z_][a-z0-9_$]{0,126}");

    private Identifiers() {
    }

    public static boolean isPlain(String identifier) {
        return identifier != null && PLAIN.matcher(identifier).matches();
    }

    public static String quote(String identifier) {
        if (!isPlain(identifier)) {
            throw new SparkfyException("not a valid table or column name: '" + identifier
                    + "' (lower-case letters, digits, _ and $, at most 127 characters)");
        }
        return '"' + identifier + '"';
    }
}
