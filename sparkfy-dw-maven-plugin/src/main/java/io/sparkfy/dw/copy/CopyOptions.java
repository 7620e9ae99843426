package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.ConversionOptions;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.source.Compression;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of one COPY ... JSON, defined once for both targets: the embedded emulation honours them, Redshift
 * gets them as COPY text ({@link RedshiftCopy}). {@code region} is the region of the source bucket (null: the
 * default); {@code acceptInvChars} is the replacement character, null when ACCEPTINVCHARS is off;
 * {@code compUpdate}/{@code statUpdate} are null when not given, else ON or OFF.
 */
public record CopyOptions(JsonFormat json, TimeFormat timeFormat, TimeFormat dateFormat, String region,
                          int maxError, Compression compression, boolean blanksAsNull, boolean emptyAsNull,
                          boolean truncateColumns, String acceptInvChars, boolean manifest, String compUpdate,
                          String statUpdate) {

    public CopyOptions {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(compression, "compression");
        if (maxError < 0 || maxError > 100_000) {
            throw new SparkfyException("MAXERROR must be between 0 and 100000, not " + maxError);
        }
        if (acceptInvChars != null && !acceptInvChars.matches("[\\x01-\\x7F]")) {
            throw new SparkfyException("ACCEPTINVCHARS takes one ASCII character (not NUL), not '" + acceptInvChars
                    + "'");
        }
        compUpdate = onOff("COMPUPDATE", compUpdate);
        statUpdate = onOff("STATUPDATE", statUpdate);
    }

    public CopyOptions(JsonFormat json, TimeFormat timeFormat, String region, int maxError, Compression compression) {
        this(json, timeFormat, TimeFormat.DEFAULT_DATE, region, maxError, compression, false, false, false, null, false,
                null, null);
    }

    /** JSON 'auto': top-level keys matched to column names. */
    public static CopyOptions auto() {
        return new CopyOptions(JsonFormat.AUTO, TimeFormat.AUTO, null, 0, Compression.NONE);
    }

    public static CopyOptions jsonPaths(String location, TimeFormat timeFormat) {
        return new CopyOptions(JsonFormat.parse(location), timeFormat, null, 0, Compression.NONE);
    }

    /** What the value converter needs of these options. */
    public ConversionOptions conversion() {
        return new ConversionOptions(timeFormat, dateFormat, blanksAsNull, emptyAsNull, truncateColumns);
    }

    public boolean isAuto() {
        return json.isAuto();
    }

    public String jsonPaths() {
        return json.jsonPaths();
    }

    private static String onOff(String option, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip().toUpperCase(Locale.ROOT);
        switch (v) {
            case "ON": case "TRUE": return "ON";
            case "OFF": case "FALSE": return "OFF";
            default: throw new SparkfyException(option + " takes ON or OFF, not '" + value + "'");
        }
    }
}
