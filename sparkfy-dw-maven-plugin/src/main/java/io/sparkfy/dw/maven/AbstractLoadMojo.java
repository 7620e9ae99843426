package io.sparkfy.dw.maven;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.JsonFormat;
import io.sparkfy.dw.copy.Reload;
import io.sparkfy.dw.copy.StagingSource;
import io.sparkfy.dw.copy.convert.TimeFormat;
import io.sparkfy.dw.schema.SchemaDeclaration;
import io.sparkfy.dw.schema.StagingTable;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import io.sparkfy.dw.settings.WarehouseSettings;
import io.sparkfy.dw.source.Compression;
import io.sparkfy.dw.source.S3Location;
import io.sparkfy.dw.source.S3Options;
import io.sparkfy.dw.source.Sources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that load staging: where the song files and event logs are, and how to read them. */
public abstract class AbstractLoadMojo extends AbstractWarehouseChangeMojo {

    /**
     * IAM role the Redshift cluster assumes to read S3 in COPY ({@code arn:aws:iam::<account>:role/<name>}, or a
     * comma-separated chain; dwh.cfg: [IAM_ROLE] ARN). Unset: the cluster's default IAM role. Access keys are never
     * put into SQL. The PostgreSQL targets read S3 themselves and ignore it.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.IAM_ROLE)
    protected String iamRole;

    /**
     * Required: here, as {@code <songs><location>} or as [S3] SONG_DATA in dwh.cfg. The song metadata:
     * {@code s3://bucket/prefix}, a local folder (read recursively; hidden files skipped), a file, or a
     * {@code file:} URI; a relative path is taken from the project's folder. Each file holds JSON objects whose keys
     * match the columns of {@code staging_songs} (COPY's {@code JSON 'auto'}).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SONG_DATA)
    protected String songData;

    /**
     * Required: here, as {@code <events><location>} or as [S3] LOG_DATA in dwh.cfg. The event logs:
     * {@code s3://bucket/prefix}, a local folder (read recursively), a file, or a {@code file:} URI; a relative path
     * is taken from the project's folder. JSON Lines mapped to the columns of {@code staging_events} by
     * {@link #logJsonPaths}, with {@code ts} in epoch milliseconds.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LOG_DATA)
    protected String logData;

    /**
     * The JSONPaths file for the event logs: {@code s3://...} (what Redshift needs), a path, a {@code file:} URI,
     * or {@code classpath:sparkfy-dw/log_json_path.json}, the one that ships in sparkfy-dw-sql (the default). A
     * JSONPaths file inside {@link #logData} is not read as data. Same as {@code <events><json>}; dwh.cfg:
     * [S3] LOG_JSONPATH.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LOG_JSON_PATHS)
    protected String logJsonPaths;

    /**
     * The event logs' COPY options, one element per option: {@code <location>}, {@code <json>} (default the shipped
     * JSONPaths file), {@code <timeFormat>} (default {@code epochmillisecs}), {@code <dateFormat>}, {@code <region>},
     * {@code <maxError>}, {@code <compression>}, {@code <blanksAsNull>}, {@code <emptyAsNull>},
     * {@code <truncateColumns>}, {@code <acceptInvChars>}, {@code <manifest>}, {@code <compUpdate>},
     * {@code <statUpdate>}. {@link #logData} and {@link #logJsonPaths} win over its location and json.
     *
     * @since 0.1.0
     */
    @Parameter
    protected SourceConfig events;

    /**
     * The song files' COPY options, the same elements as {@link #events} ({@code <json>} default {@code auto},
     * {@code <timeFormat>} default {@code auto}). {@link #songData} wins over its location.
     *
     * @since 0.1.0
     */
    @Parameter
    protected SourceConfig songs;

    /**
     * AWS region of the source buckets (COPY's REGION on Redshift; the S3 client's region for the embedded
     * warehouse). {@code -Dsparkfy.region} on the command line wins over a source's own {@code <region>}, which
     * wins over this POM value; unset everywhere: the SDK's default region chain. The cluster and Serverless goals
     * do not read it: their region is {@code clusterRegion}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.REGION)
    protected String region;

    /**
     * S3 endpoint override for S3-compatible stores (MinIO, LocalStack, S3Proxy), e.g. {@code http://localhost:9000}.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.S3_ENDPOINT)
    protected String s3Endpoint;

    /**
     * Path-style S3 requests ({@code endpoint/bucket/key}), which most S3-compatible stores need.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.S3_PATH_STYLE, defaultValue = "false")
    protected boolean s3PathStyle;

    /**
     * Reads S3 without credentials, for public buckets such as {@code udacity-dend}; otherwise the SDK's default
     * credential chain (environment, profile, container or instance role).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.S3_ANONYMOUS, defaultValue = "false")
    protected boolean s3Anonymous;

    /**
     * With {@link #s3Endpoint}, also send and check the integrity checksums the AWS SDK (2.30 and later) adds to
     * every request it can. Off by default there, so that older S3-compatible stores (MinIO, Ceph RGW, S3Proxy 2.x)
     * that refuse the headers work: only the checksums an operation requires are sent. AWS itself always gets the
     * SDK's default.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.S3_CHECKSUMS, defaultValue = "false")
    protected boolean s3Checksums;

    /**
     * COPY's MAXERROR for every source: up to this many bad records are skipped and recorded in
     * {@code sparkfy_load_errors} (Redshift: STL_LOAD_ERRORS); one more fails the load. A source's
     * {@code <maxError>} wins over the POM value, the command line over both.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MAX_ERROR)
    protected String maxError;

    /**
     * COPY's TIMEFORMAT for every source ({@code auto}, {@code epochsecs}, {@code epochmillisecs} or a pattern);
     * precedence as for {@link #maxError}. Default: {@code epochmillisecs} for events, {@code auto} for songs.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.TIME_FORMAT)
    protected String timeFormat;

    /**
     * What a load takes besides the objects that are new (those the load ledger {@code sparkfy_dw_loaded_files}
     * does not hold, or holds with another size or version, such as a file replaced in place). Unset (or
     * {@code new}): only those; a table with nothing new is left as it is. {@code all}: every object, as before the
     * ledger (staging replaced by all of them, the ledger's rows of each table replaced). A backfill names what to
     * load again: a glob over each object's name relative to its location ({@code 2018/11/2018-11-1*}; {@code *}
     * stays in a folder, {@code **} crosses them) or an inclusive date range of log files
     * ({@code 2018-11-03..2018-11-05}, matched on the {@code YYYY-MM-DD} in the file name).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.RELOAD)
    protected String reload;

    /**
     * Redshift only: an {@code s3://bucket/prefix/} where each load writes the manifest of what is new, so the
     * cluster loads only that (Redshift reads S3 itself and cannot be told otherwise which objects to take). The
     * plugin lists each source with the build's S3 settings and credentials ({@link #s3Endpoint}, the SDK's chain),
     * the load ledger picks the new or changed objects as {@link #reload} says, the manifest goes to
     * {@code <prefix><table>-<run id>.manifest} (the name is the prefix followed by that, so end a folder with
     * {@code /}), and {@code COPY ... MANIFEST} loads it; each file's rows are recorded in the ledger. Needs write
     * access to the prefix for the build and read access for the cluster's role. Unset: Redshift reloads every
     * object, and the ledger is not written. The embedded and PostgreSQL targets read the files themselves and
     * ignore it. In a dry run, the manifest's name and form are printed, not its entries (they depend on the
     * ledger, which a dry run does not read).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.MANIFEST_PREFIX)
    protected String manifestPrefix;

    @Override
    protected void checkParameters() {
        stagingSources();
        reload();
        manifestPrefix();
    }

    /** {@link #manifestPrefix}, parsed once as an S3 URI; a bad value fails naming the property. */
    protected S3Location manifestPrefix() {
        return layers().parsed(PropertyNames.MANIFEST_PREFIX, value -> {
            try {
                return S3Location.parse(value.strip());
            } catch (SparkfyException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }, null);
    }

    @Override
    WarehouseSettings warehouseSettings() {
        return super.warehouseSettings().withManifestPrefix(manifestPrefix());
    }

    /** {@link #reload}, parsed once; a bad value fails naming the property before anything connects. */
    protected Reload reload() {
        return layers().parsed(PropertyNames.RELOAD, Reload::parse, Reload.NEW);
    }

    @Override
    protected Map<String, String> pomSettings() {
        Map<String, String> pom = super.pomSettings();
        pom.put(PropertyNames.SONG_DATA, songData != null ? songData : songs == null ? null : songs.location);
        pom.put(PropertyNames.LOG_DATA, logData != null ? logData : events == null ? null : events.location);
        pom.put(PropertyNames.LOG_JSON_PATHS, logJsonPaths != null ? logJsonPaths
                : events == null ? null : events.json);
        pom.put(PropertyNames.IAM_ROLE, iamRole);
        pom.put(PropertyNames.REGION, region);
        pom.put(PropertyNames.MAX_ERROR, maxError);
        pom.put(PropertyNames.TIME_FORMAT, timeFormat);
        pom.put(PropertyNames.S3_ENDPOINT, s3Endpoint);
        pom.put(PropertyNames.RELOAD, reload);
        pom.put(PropertyNames.MANIFEST_PREFIX, manifestPrefix);
        return pom;
    }

    @Override
    protected Sources sources() {
        return new Sources(new S3Options(null, uri(layers().text(PropertyNames.S3_ENDPOINT), PropertyNames.S3_ENDPOINT),
                flag(PropertyNames.S3_PATH_STYLE, s3PathStyle), flag(PropertyNames.S3_ANONYMOUS, s3Anonymous),
                flag(PropertyNames.S3_CHECKSUMS, s3Checksums)))
                .relativeTo(baseDirectory());
    }

    /** One source per staging table the schema declares; its defaults are those the declaration gives. */
    protected List<StagingSource> stagingSources() {
        List<StagingSource> sources = new ArrayList<>();
        for (StagingTable staging : sql().declaration().stagingTables()) {
            Map<String, String> defaults = staging.defaults();
            String defaultJson = defaults.getOrDefault("json", "auto");
            Configured c = switch (staging.source()) {
                case "events" -> new Configured(PropertyNames.LOG_DATA, events, "the event logs",
                        layers().text(PropertyNames.LOG_JSON_PATHS, defaultJson),
                        PropertyNames.LOG_JSON_PATHS + " (<events><json>)");
                case "songs" -> new Configured(PropertyNames.SONG_DATA, songs, "the song files",
                        songs == null || songs.json == null ? defaultJson : songs.json, "<songs><json>");
                default -> throw new SparkfyException(SchemaDeclaration.RESOURCE + ": " + staging.table()
                        + " is filled from source '" + staging.source() + "', which this plugin cannot configure"
                        + " (it knows events and songs): use a plugin version made for this schema");
            };
            String location = required(layers().text(c.dataProperty), c.dataProperty,
                    c.what + " to load (s3://bucket/prefix, a folder, a file or a file: URI)");
            CopyOptions options = options(staging.source(), c.config, c.json, staging);
            // Named here, where the settings are known; StagingSource checks it again for every other caller.
            StagingSource.checkJsonPathsOutsideData(staging.table(), location, options,
                    c.dataProperty + " (<" + staging.source() + "><location>)", c.jsonSetting);
            sources.add(new StagingSource(staging.table(), location, options));
        }
        return sources;
    }

    /** One source's settings as the layers give them, and the names that set them (for messages). */
    private record Configured(String dataProperty, SourceConfig config, String what, String json,
                              String jsonSetting) {
    }

    /**
     * One source's options: its POM block, with region, maxError and timeFormat resolved by the layers; what the
     * user sets nowhere, the schema declares for its staging table.
     */
    private CopyOptions options(String element, SourceConfig config, String json, StagingTable staging) {
        SourceConfig c = config == null ? new SourceConfig() : config;
        Map<String, String> defaults = staging.defaults();
        SettingsLayers layers = layers().source(element, c.layered()).over(SchemaDeclaration.RESOURCE + " "
                + staging.table(), Map.of(PropertyNames.MAX_ERROR, defaults.getOrDefault("maxError", "0"),
                PropertyNames.TIME_FORMAT, defaults.getOrDefault("timeFormat", "auto")));
        return CopyOptions.builder()
                .json(JsonFormat.parse(json))
                .timeFormat(TimeFormat.time(layers.text(PropertyNames.TIME_FORMAT)))
                .dateFormat(TimeFormat.date(c.dateFormat == null ? defaults.get("dateFormat") : c.dateFormat))
                .region(layers.text(PropertyNames.REGION))
                .maxError(layers.integer(PropertyNames.MAX_ERROR, 0, CopyOptions.MAX_ERROR_LIMIT, 0))
                .compression(Compression.parse(c.compression == null ? defaults.get("compression") : c.compression))
                .blanksAsNull(c.blanksAsNull).emptyAsNull(c.emptyAsNull).truncateColumns(c.truncateColumns)
                .acceptInvChars(c.acceptInvChars).manifest(c.manifest)
                .compUpdate(c.compUpdate).statUpdate(c.statUpdate)
                .iamRole(layers.text(PropertyNames.IAM_ROLE))
                .build();
    }
}
