package io.sparkfy.dw.copy;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.convert.ConversionOptions;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.source.Compression;
import java.util.Locale;
import java.util.Objects;

/**
 * The options of one COPY ... JSON, defined once for both targets: the embedded emulation honours them, Redshift
 * gets them as COPY text ({@link CopyStatement}). {@code region} is the region of the source bucket (null: the
 * default); {@code acceptInvChars} is the replacement character, null when ACCEPTINVCHARS is off;
 * {@code compUpdate}/{@code statUpdate} are null when not given, else ON or OFF; {@code iamRole} is the role
 * Redshift assumes to read S3 (null: the cluster's default role; the emulation reads with the plugin's own
 * credentials). Build them with {@link #builder()}; every value is validated here, once.
 */
public record CopyOptions(JsonFormat json, TimeFormat timeFormat, TimeFormat dateFormat, String region,
                          int maxError, Compression compression, boolean blanksAsNull, boolean emptyAsNull,
                          boolean truncateColumns, String acceptInvChars, boolean manifest, String compUpdate,
                          String statUpdate, String iamRole) {

    /** Redshift's own bound on MAXERROR. */
    public static final int MAX_ERROR_LIMIT = 100_000;

    public CopyOptions {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(compression, "compression");
        if (maxError < 0 || maxError > MAX_ERROR_LIMIT) {
            throw new SparkfyException("MAXERROR must be between 0 and " + MAX_ERROR_LIMIT + ", not " + maxError);
        }
        if (acceptInvChars != null && !acceptInvChars.matches("[\\x01-\\x7F]")) {
            throw new SparkfyException("ACCEPTINVCHARS takes one ASCII character (not NUL), not '" + acceptInvChars
                    + "'");
        }
        compUpdate = onOff("COMPUPDATE", compUpdate);
        statUpdate = onOff("STATUPDATE", statUpdate);
        iamRole = iamRole == null || iamRole.isBlank() ? null : CopyValues.iamRole(iamRole.strip());
    }

    /** The same options for a COPY whose FROM names a manifest (COPY's MANIFEST). */
    public CopyOptions withManifest() {
        return new CopyOptions(json, timeFormat, dateFormat, region, maxError, compression, blanksAsNull, emptyAsNull,
                truncateColumns, acceptInvChars, true, compUpdate, statUpdate, iamRole);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** JSON 'auto': top-level keys matched to column names. */
    public static CopyOptions auto() {
        return builder().build();
    }

    public static CopyOptions jsonPaths(String location, TimeFormat timeFormat) {
        return builder().json(JsonFormat.parse(location)).timeFormat(timeFormat).build();
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

    /** Defaults: JSON 'auto', TIMEFORMAT 'auto', the default DATEFORMAT, no compression, MAXERROR 0. */
    public static final class Builder {

        private JsonFormat json = JsonFormat.AUTO;
        private TimeFormat timeFormat = TimeFormat.AUTO;
        private TimeFormat dateFormat = TimeFormat.DEFAULT_DATE;
        private String region;
        private int maxError;
        private Compression compression = Compression.NONE;
        private boolean blanksAsNull;
        private boolean emptyAsNull;
        private boolean truncateColumns;
        private String acceptInvChars;
        private boolean manifest;
        private String compUpdate;
        private String statUpdate;
        private String iamRole;

        private Builder() {
        }

        public Builder json(JsonFormat json) {
            this.json = json;
            return this;
        }

        public Builder timeFormat(TimeFormat timeFormat) {
            this.timeFormat = timeFormat;
            return this;
        }

        public Builder dateFormat(TimeFormat dateFormat) {
            this.dateFormat = dateFormat;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder maxError(int maxError) {
            this.maxError = maxError;
            return this;
        }

        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        public Builder blanksAsNull(boolean blanksAsNull) {
            this.blanksAsNull = blanksAsNull;
            return this;
        }

        public Builder emptyAsNull(boolean emptyAsNull) {
            this.emptyAsNull = emptyAsNull;
            return this;
        }

        public Builder truncateColumns(boolean truncateColumns) {
            this.truncateColumns = truncateColumns;
            return this;
        }

        public Builder acceptInvChars(String acceptInvChars) {
            this.acceptInvChars = acceptInvChars;
            return this;
        }

        public Builder manifest(boolean manifest) {
            this.manifest = manifest;
            return this;
        }

        public Builder compUpdate(String compUpdate) {
            this.compUpdate = compUpdate;
            return this;
        }

        public Builder statUpdate(String statUpdate) {
            this.statUpdate = statUpdate;
            return this;
        }

        /** The role Redshift's COPY assumes; null: the cluster's default role. */
        public Builder iamRole(String iamRole) {
            this.iamRole = iamRole;
            return this;
        }

        public CopyOptions build() {
            return new CopyOptions(json, timeFormat, dateFormat, region, maxError, compression, blanksAsNull,
                    emptyAsNull, truncateColumns, acceptInvChars, manifest, compUpdate, statUpdate, iamRole);
        }
    }
}
