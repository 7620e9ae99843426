package io.sparkfy.dw.maven;

import io.sparkfy.dw.load.CopyOptions;
import io.sparkfy.dw.load.StagingSource;
import io.sparkfy.dw.load.TimeFormat;
import io.sparkfy.dw.schema.SqlResources;
import io.sparkfy.dw.source.Sources;
import java.util.List;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that load staging: where the song files and event logs are. */
public abstract class AbstractLoadMojo extends AbstractWarehouseMojo {

    /**
     * The song metadata: a folder (read recursively), a file, or a {@code file:} URI. Each file holds JSON
     * objects whose keys match the columns of {@code staging_songs} (COPY's {@code JSON 'auto'}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.songData")
    protected String songData;

    /**
     * The event logs: a folder (read recursively), a file, or a {@code file:} URI, of JSON Lines mapped to the
     * columns of {@code staging_events} by {@link #logJsonPaths}, with {@code ts} in epoch milliseconds.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.logData")
    protected String logData;

    /**
     * The JSONPaths file for the event logs: a path, a {@code file:} URI, or {@code classpath:} for the one that
     * ships in sparkfy-dw-sql (the default). A JSONPaths file inside {@link #logData} is not read as data.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sparkfy.logJsonPaths", defaultValue = Sources.CLASSPATH + SqlResources.LOG_JSON_PATHS)
    protected String logJsonPaths;

    @Override
    protected void checkParameters() {
        stagingSources();
    }

    protected List<StagingSource> stagingSources() {
        return List.of(
                new StagingSource("staging_events",
                        required(logData, "sparkfy.logData", "the event logs to load (a folder, file or file: URI)"),
                        CopyOptions.jsonPaths(logJsonPaths, TimeFormat.EPOCHMILLISECS)),
                new StagingSource("staging_songs",
                        required(songData, "sparkfy.songData", "the song files to load (a folder, file or file: URI)"),
                        CopyOptions.auto()));
    }
}
