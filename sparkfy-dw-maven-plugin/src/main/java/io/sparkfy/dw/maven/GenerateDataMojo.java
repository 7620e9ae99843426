package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes deterministic sample data in the real Sparkfy shapes: {@code song_data/} (one JSON object per file) and
 * {@code log_data/YYYY/MM/YYYY-MM-DD-events.json} (JSON Lines), ready for load-stg.
 */
@Mojo(name = "generate-data", defaultPhase = LifecyclePhase.GENERATE_TEST_RESOURCES, requiresProject = false,
        threadSafe = true)
public class GenerateDataMojo extends AbstractSparkfyMojo {

    /**
     * Seed of the generator: the same seed, songCount and eventCount give byte-identical files.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SEED, defaultValue = "42")
    private long seed;

    /**
     * Number of songs (song files) to write. ({@code -Dsparkfy.songs} still works, with a deprecation warning.)
     *
     * @since 0.2.0
     */
    @Parameter(property = PropertyNames.SONG_COUNT, defaultValue = "200")
    private int songCount;

    /**
     * Number of app events to write into the event logs, one log file per day from 2018-11-01.
     * ({@code -Dsparkfy.events} still works, with a deprecation warning.)
     *
     * @since 0.2.0
     */
    @Parameter(property = PropertyNames.EVENT_COUNT, defaultValue = "10000")
    private int eventCount;

    /**
     * Folder that receives {@code song_data/} and {@code log_data/}; it must not already hold data. A relative
     * path is taken from the project's folder.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/sparkfy-dw/data")
    private File outputDirectory;

    @Override
    protected void run(Log log) {
        Path output = buildPath(outputDirectory, "sparkfy-dw/data");
        SettingsLayers counts = SettingsLayers.builder().commandLine(commandLineCounts(log))
                .pom(Map.of(PropertyNames.SONG_COUNT, Integer.toString(songCount),
                        PropertyNames.EVENT_COUNT, Integer.toString(eventCount))).build();
        int songs = counts.integer(PropertyNames.SONG_COUNT, 1, Integer.MAX_VALUE, songCount);
        int events = counts.integer(PropertyNames.EVENT_COUNT, 0, Integer.MAX_VALUE, eventCount);
        DataGenerator.Result result;
        try {
            result = new DataGenerator(new DataGenerator.Settings(seed, songs, events, output),
                    log::info).generate();
        } catch (IllegalArgumentException e) {
            throw new SparkfyException("generate-data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SparkfyException("generate-data: cannot write " + output + ": " + e.getMessage(), e);
        }
        log.info(String.format("generated %s and %s (%s, %,d NextSong, %,d matching"
                + " a song, %s) in %s, %.1f MB", Plural.of(result.songFiles(), "song file"),
                Plural.of(result.logFiles(), "log file"), Plural.of(result.events(), "event"),
                result.nextSongEvents(), result.matchedPlays(), Plural.of(result.distinctUsers(), "user"), output,
                result.bytes() / 1e6));
    }

    /**
     * The counts given on the command line, the deprecated {@code sparkfy.songs} and {@code sparkfy.events} taken
     * where the new names are not given (with a warning): as parameters, those names are the load goals' blocks.
     */
    @SuppressWarnings("deprecation")
    private Map<String, String> commandLineCounts(Log log) {
        Map<String, String> commandLine = commandLineSettings();
        renamed(commandLine, PropertyNames.SONGS, PropertyNames.SONG_COUNT, log);
        renamed(commandLine, PropertyNames.EVENTS, PropertyNames.EVENT_COUNT, log);
        return commandLine;
    }

    private static void renamed(Map<String, String> commandLine, String old, String property, Log log) {
        String value = commandLine.get(old);
        if (value != null && !value.isBlank()) {
            log.warn(old + " is deprecated: set " + property + " instead"
                    + (commandLine.containsKey(property) ? " (" + property + " is set too and wins)" : ""));
            commandLine.putIfAbsent(property, value);
        }
    }
}
