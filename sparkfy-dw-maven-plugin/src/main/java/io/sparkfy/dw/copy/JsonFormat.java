package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import java.util.Locale;

/**
 * The argument of COPY's {@code FORMAT AS JSON}: {@code 'auto'} (keys match column names), {@code 'auto ignorecase'}
 * (ignoring case), or the location of a JSONPaths file.
 */
public record JsonFormat(Kind kind, String jsonPaths) {

    public enum Kind { AUTO, AUTO_IGNORECASE, JSONPATHS }

    public static final JsonFormat AUTO = new JsonFormat(Kind.AUTO, null);

    public JsonFormat {
        if ((kind == Kind.JSONPATHS) != (jsonPaths != null)) {
            throw new IllegalArgumentException("a JSONPaths location goes with JSONPATHS only");
        }
    }

    /** {@code auto}, {@code auto ignorecase}, or anything else as a JSONPaths location. */
    public static JsonFormat parse(String value) {
        if (value == null || value.isBlank()) {
            throw new SparkfyException("the JSON format is empty: use auto, auto ignorecase, or a JSONPaths file");
        }
        String v = value.strip();
        switch (v.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")) {
            case "auto": return AUTO;
            case "auto ignorecase": return new JsonFormat(Kind.AUTO_IGNORECASE, null);
            default: return new JsonFormat(Kind.JSONPATHS, v);
        }
    }

    public boolean isAuto() {
        return kind != Kind.JSONPATHS;
    }

    /** As written after {@code FORMAT AS JSON}, unquoted. */
    public String copyArgument() {
        switch (kind) {
            case AUTO: return "auto";
            case AUTO_IGNORECASE: return "auto ignorecase";
            default: return jsonPaths;
        }
    }
}
