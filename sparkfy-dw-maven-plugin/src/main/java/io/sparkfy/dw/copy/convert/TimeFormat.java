package io.sparkfy.dw.copy.convert;

import io.sparkfy.dw.SparkfyException;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * COPY's TIMEFORMAT or DATEFORMAT: {@code 'auto'}, {@code 'epochsecs'}, {@code 'epochmillisecs'} (time only) or a
 * Redshift datetime pattern such as {@code 'YYYY-MM-DD HH:MI:SS'}. A value the emulation cannot honour is an error
 * naming it.
 */
public final class TimeFormat {

    public static final TimeFormat AUTO = time("auto");
    public static final TimeFormat EPOCHSECS = time("epochsecs");
    public static final TimeFormat EPOCHMILLISECS = time("epochmillisecs");
    /** What COPY uses when DATEFORMAT is absent ('YYYY-MM-DD'). */
    public static final TimeFormat DEFAULT_DATE = new TimeFormat(DateTimeFormat.defaultDateFormat());

    private final DateTimeFormat format;
    /** 1000 for epochmillisecs, 1 for epochsecs, 0 otherwise: the converter's fast path for epoch numbers. */
    private final int epochUnitsPerSecond;

    private TimeFormat(DateTimeFormat format) {
        this.format = format;
        this.epochUnitsPerSecond = "epochmillisecs".equals(format.copyText()) ? 1000
                : "epochsecs".equals(format.copyText()) ? 1 : 0;
    }

    int epochUnitsPerSecond() {
        return epochUnitsPerSecond;
    }

    /** A TIMEFORMAT value. */
    public static TimeFormat time(String value) {
        try {
            return new TimeFormat(DateTimeFormat.timeFormat(value == null ? "auto" : value.strip()));
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(e.getMessage(), e);
        }
    }

    /** A DATEFORMAT value; null is COPY's default. */
    public static TimeFormat date(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_DATE;
        }
        try {
            return new TimeFormat(DateTimeFormat.dateFormat(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(e.getMessage(), e);
        }
    }

    /** The value as written after TIMEFORMAT or DATEFORMAT in COPY text, unquoted. */
    public String copyText() {
        return format.copyText();
    }

    /** For TIMESTAMP: the time as written (a zone in the input is ignored, as Redshift does; epochs are UTC). */
    LocalDateTime timestamp(String text, boolean isNumber) {
        return format.parseLocalTimestamp(text, isNumber);
    }

    /** For TIMESTAMPTZ: converted to UTC. */
    LocalDateTime timestampUtc(String text, boolean isNumber) {
        return format.parseTimestamp(text, isNumber);
    }

    LocalDate date(String text, boolean isNumber) {
        return format.parseDate(text, isNumber);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimeFormat && ((TimeFormat) other).copyText().equals(copyText());
    }

    @Override
    public int hashCode() {
        return copyText().hashCode();
    }

    @Override
    public String toString() {
        return copyText();
    }
}
