package io.sparkfy.dw.maven;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SchemaDeclaration;
import io.sparkfy.dw.schema.StagingTable;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.source.S3Options;
import io.sparkfy.dw.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that load staging: where the song files and event logs are, and how to read them. */
public abstract class AbstractLoadMojo extends AbstractWarehouseMojo {

    /**
     * The song metadata: {@code s3://bucket/prefix}, a local folder (read recursively), a file, or a {@code file:}
     * URI. Each file holds JSON objects whose keys match the columns of {@code staging_songs} (COPY's
     * {@code JSON 'auto'}). Same as {@code <songs><location>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.songData")
    protected String songData;

    /**
     * The event logs: {@code s3://bucket/prefix}, a local folder (read recursively), a file, or a {@code file:}
     * URI, of JSON Lines mapped to the columns of {@code staging_events} by {@link #logJsonPaths}, with {@code ts} in
     * epoch milliseconds. Same as {@code <events><location>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.logData")
    protected String logData;

    /**
     * The JSONPaths file for the event logs: {@code s3://...} (what Redshift needs), a path, a {@code file:} URI,
     * or {@code classpath:sparkfy-dw/log_json_path.json}, the one that ships in sparkfy-dw-sql (the default). A
     * JSONPaths file inside {@link #logData} is not read as data. Same as {@code <events><json>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.logJsonPaths")
    protected String logJsonPaths;

    /**
     * The event logs' COPY options: {@code <location>}, {@code <json>}, {@code <timeFormat>} (default
     * {@code epochmillisecs}), {@code <region>}, {@code <maxError>}, {@code <compression>}.
     *
     * @since 0.1.0
     */
    @Parameter
    protected SourceConfig events;

    /**
     * The song files' COPY options: {@code <location>}, {@code <json>} (default {@code auto}), {@code <timeFormat>},
     * {@code <region>}, {@code <maxError>}, {@code <compression>}.
     *
     * @since 0.1.0
     */
    @Parameter
    protected SourceConfig songs;

    /**
     * AWS region of the source buckets (COPY's REGION on Redshift; the S3 client's region for the embedded
     * warehouse). Unset: the SDK's default region chain. A source's own {@code <region>} wins over this.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.region")
    protected String region;

    /**
     * S3 endpoint override for S3-compatible stores (MinIO, LocalStack, S3Proxy), e.g. {@code http://localhost:9000}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.s3Endpoint")
    protected String s3Endpoint;

    /**
     * Path-style S3 requests ({@code endpoint/bucket/key}), which most S3-compatible stores need.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.s3PathStyle", defaultValue = "false")
    protected boolean s3PathStyle;

    /**
     * Reads S3 without credentials, for public buckets such as {@code udacity-dend}; otherwise the SDK's default
     * credential chain (environment, profile, container or instance role).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.s3Anonymous", defaultValue = "false")
    protected boolean s3Anonymous;

    /**
     * COPY's MAXERROR for every source: up to this many bad records are skipped and recorded in
     * {@code sparkfy_load_errors} (Redshift: STL_LOAD_ERRORS); one more fails the load. A source's
     * {@code <maxError>} wins over the POM value, the command line over both.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.maxError")
    protected Integer maxError;

    /**
     * COPY's TIMEFORMAT for every source ({@code auto}, {@code epochsecs}, {@code epochmillisecs} or a pattern);
     * precedence as for {@link #maxError}. Default: {@code epochmillisecs} for events, {@code auto} for songs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.timeFormat")
    protected String timeFormat;

    @Override
    protected void checkParameters() {
        stagingSources();
    }

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put("songData", songData != null ? songData : songs == null ? null : songs.location);
        pom.put("logData", logData != null ? logData : events == null ? null : events.location);
        pom.put("logJsonPaths", logJsonPaths != null ? logJsonPaths : events == null ? null : events.json);
        pom.put("region", region);
        pom.put("maxError", maxError == null ? null : maxError.toString());
        pom.put("timeFormat", timeFormat);
        return pom;
    }

    @Override
    protected Sources sources() {
        return new Sources(new S3Options(null, uri(s3Endpoint, "sparkfy.s3Endpoint"), s3PathStyle, s3Anonymous));
    }

    /** One source per staging table the schema declares; its defaults are those the declaration gives. */
    protected List<StagingSource> stagingSources() {
        List<StagingSource> sources = new ArrayList<>();
        for (StagingTable staging : sql().declaration().stagingTables()) {
            Map<String, String> defaults = staging.defaults();
            sources.add(switch (staging.source()) {
                case "events" -> new StagingSource(staging.table(), required(layers().get("logData"),
                        "sparkfy.logData", "the event logs to load (s3://bucket/prefix, a folder, a file or a file: URI)"),
                        options(events, layers().get("logJsonPaths", defaults.getOrDefault("json", "auto")), defaults));
                case "songs" -> new StagingSource(staging.table(), required(layers().get("songData"),
                        "sparkfy.songData", "the song files to load (s3://bucket/prefix, a folder, a file or a file: URI)"),
                        options(songs, songs == null || songs.json == null ? defaults.getOrDefault("json", "auto")
                                : songs.json, defaults));
                default -> throw new SparkfyException(SchemaDeclaration.RESOURCE + ": " + staging.table()
                        + " is filled from source '" + staging.source() + "', which this plugin cannot configure"
                        + " (it knows events and songs): use a plugin version made for this schema");
            });
        }
        return sources;
    }

    /**
     * One source's options: its POM block; for region, maxError and timeFormat, a -D on the command line outranks
     * the block, which outranks the POM-wide value; the schema's default comes last.
     */
    private CopyOptions options(SourceConfig config, String json, Map<String, String> defaults) {
        SourceConfig c = config == null ? new SourceConfig() : config;
        String maxErrorText = wide("maxError", c.maxError == null ? null : c.maxError.toString());
        String timeFormatText = wide("timeFormat", c.timeFormat);
        if (maxErrorText == null) {
            maxErrorText = defaults.get("maxError");
        }
        int maxErrors = maxErrorText == null ? 0 : number(maxErrorText, "sparkfy.maxError");
        return new CopyOptions(JsonFormat.parse(json),
                TimeFormat.time(timeFormatText == null ? defaults.get("timeFormat") : timeFormatText),
                TimeFormat.date(c.dateFormat == null ? defaults.get("dateFormat") : c.dateFormat),
                wide("region", c.region), maxErrors,
                Compression.parse(c.compression == null ? defaults.get("compression") : c.compression),
                c.blanksAsNull, c.emptyAsNull, c.truncateColumns, c.acceptInvChars, c.manifest, c.compUpdate,
                c.statUpdate);
    }

    /** Command line, then the source's own value, then the POM-wide (or config file) value. */
    private String wide(String key, String sourceValue) {
        String commandLine = layers().commandLine(key);
        return commandLine != null ? commandLine : sourceValue != null ? sourceValue : layers().get(key);
    }
}
