package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real public Sparkify sample beside the project (../shared/data/udacity-small); never copied into it. */
public final class SampleData {

    private SampleData() {
    }

    public static Path udacitySmall() {
        String configured = System.getProperty("sparkfy.sampleData", "../../shared/data/udacity-small");
        Path path = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(path.resolve("song_data")) || !Files.isDirectory(path.resolve("log_data"))) {
            fail("the public sample data is missing: expected song_data/ and log_data/ under " + path
                    + " (the shared/ folder beside the project; set -Dsparkfy.sampleData to point elsewhere)");
        }
        return path;
    }
}
