package io.sparkfy.dw.maven;

import io.sparkfy.dw.settings.PropertyNames;
import java.util.HashMap;
import java.util.Map;

/**
 * One source as configured in the POM ({@code <events>} or {@code <songs>}), mapped 1:1 to the options of its
 * COPY: {@code COPY table FROM 'location' FORMAT AS JSON 'json' TIMEFORMAT ... DATEFORMAT ... REGION ...
 * MAXERROR ... GZIP|BZIP2|ZSTD BLANKSASNULL EMPTYASNULL TRUNCATECOLUMNS ACCEPTINVCHARS MANIFEST COMPUPDATE
 * STATUPDATE}. Unset fields fall back to the command line, the config file and defaults.
 */
public class SourceConfig {

    /** {@code s3://bucket/prefix}, a local folder or file, or a {@code file:} URI; with manifest, the manifest. */
    String location;

    /** {@code auto}, {@code auto ignorecase}, or the location of a JSONPaths file. */
    String json;

    /** {@code auto}, {@code epochsecs}, {@code epochmillisecs} or a Redshift datetime pattern. */
    String timeFormat;

    /** {@code auto} or a Redshift date pattern such as {@code YYYY-MM-DD}. */
    String dateFormat;

    /** Region of the source bucket, when it differs from the cluster's (or the default). */
    String region;

    /**
     * Bad records to skip (and record in sparkfy_load_errors) before the load fails: COPY's MAXERROR. Text, so that
     * it is parsed with the other layers' values and a bad one names this element.
     */
    String maxError;

    /** {@code none}, {@code gzip}, {@code bzip2} or {@code zstd}. */
    String compression;

    /** Whitespace-only strings load as NULL into character columns. */
    boolean blanksAsNull;

    /** Empty strings load as NULL into character columns. */
    boolean emptyAsNull;

    /** Strings longer than their VARCHAR are cut to fit (in bytes, on a character boundary). */
    boolean truncateColumns;

    /** Replace invalid UTF-8 bytes with this ASCII character (COPY's ACCEPTINVCHARS AS; {@code ?} is usual). */
    String acceptInvChars;

    /** The location is a JSON manifest listing the files ({@code entries} of {@code url} and {@code mandatory}). */
    boolean manifest;

    /** ON or OFF; passed to Redshift, no effect on PostgreSQL. */
    String compUpdate;

    /** ON or OFF; passed to Redshift, no effect on PostgreSQL. */
    String statUpdate;

    /** The values that also have a POM-wide and a command-line setting, by property name, for the layers. */
    Map<String, String> layered() {
        Map<String, String> values = new HashMap<>();
        values.put(PropertyNames.REGION, region);
        values.put(PropertyNames.MAX_ERROR, maxError);
        values.put(PropertyNames.TIME_FORMAT, timeFormat);
        return values;
    }
}
