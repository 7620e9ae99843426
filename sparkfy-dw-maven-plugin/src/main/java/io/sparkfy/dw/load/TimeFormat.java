package io.sparkfy.dw.load;

import io.sparkfy.dw.SparkfyException;
import java.util.Locale;

/** COPY's TIMEFORMAT: how a JSON value becomes a TIMESTAMP. */
public enum TimeFormat {
    /** Redshift's 'auto': date-time text in the usual ISO-like layouts. */
    AUTO("auto"),
    /** Seconds since 1970-01-01 00:00:00 UTC, as a number or a string of digits. */
    EPOCHSECS("epochsecs"),
    /** Milliseconds since 1970-01-01 00:00:00 UTC; the milliseconds are kept. */
    EPOCHMILLISECS("epochmillisecs");

    private final String copyText;

    TimeFormat(String copyText) {
        this.copyText = copyText;
    }

    /** The value as written in COPY's TIMEFORMAT option. */
    public String copyText() {
        return copyText;
    }

    /** Parses a TIMEFORMAT value; one the emulation cannot honour is an error naming it. */
    public static TimeFormat parse(String value) {
        String v = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        for (TimeFormat format : values()) {
            if (format.copyText.equals(v)) {
                return format;
            }
        }
        throw new SparkfyException("TIMEFORMAT '" + value + "' is not supported: use 'auto', 'epochsecs' or "
                + "'epochmillisecs'");
    }
}
