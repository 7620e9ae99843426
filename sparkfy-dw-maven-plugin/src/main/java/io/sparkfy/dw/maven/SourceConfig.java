package io.sparkfy.dw.maven;

/**
 * One source as configured in the POM ({@code <events>} or {@code <songs>}), mapped 1:1 to the options of its
 * COPY: {@code COPY table FROM 'location' FORMAT AS JSON 'json' TIMEFORMAT 'timeFormat' REGION 'region'
 * MAXERROR maxError GZIP|BZIP2|ZSTD}. Unset fields fall back to the command line, the config file and defaults.
 */
public class SourceConfig {

    /** {@code s3://bucket/prefix}, a local folder or file, or a {@code file:} URI. */
    String location;

    /** {@code auto}, {@code auto ignorecase}, or the location of a JSONPaths file. */
    String json;

    /** {@code auto}, {@code epochsecs} or {@code epochmillisecs}. */
    String timeFormat;

    /** Region of the source bucket, when it differs from the cluster's (or the default). */
    String region;

    /** Bad records to skip before the load fails (COPY's MAXERROR). */
    Integer maxError;

    /** {@code none}, {@code gzip}, {@code bzip2} or {@code zstd}. */
    String compression;
}
