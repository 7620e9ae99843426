package io.sparkfy.dw.maven;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.Plural;
import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.settings.PropertyNames;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
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
     * Seed of the generator: the same seed, songs and events give byte-identical files.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SEED, defaultValue = "42")
    private long seed;

    /**
     * Number of songs (song files) to write.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SONGS, defaultValue = "200")
    private int songs;

    /**
     * Number of app events to write into the event logs.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.EVENTS, defaultValue = "10000")
    private long events;

    /**
     * Folder that receives {@code song_data/} and {@code log_data/}; it must not already hold data.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/sparkfy-dw/data")
    private File outputDirectory;

    @Override
    protected void run(Log log) {
        Path output = buildPath(outputDirectory, "sparkfy-dw/data");
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
}
