package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * generate-data configured from the README's POM shape: the load goals' {@code <events>} and {@code <songs>} COPY
 * blocks sit in the same plugin configuration, so no generate-data parameter may be named like them.
 */
@MojoTest
@Basedir("/unit/generate")
class GenerateDataMojoTest {

    private static final String POM = "classpath:/unit/generate/pom.xml";
    private static final Path OUTPUT = Path.of(System.getProperty("basedir", "."), "target/harness/generated");

    @BeforeEach
    void emptyOutput() throws IOException {
        if (Files.exists(OUTPUT)) {
            try (Stream<Path> files = Files.walk(OUTPUT)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void theCountsComeFromSongCountAndEventCountBesideTheCopyBlocks(
            @InjectMojo(goal = "generate-data", pom = POM) GenerateDataMojo generate) throws Exception {
        CommandLine.set(generate, new Properties());
        Log log = new Log();
        generate.setLog(log);
        generate.execute();
        assertEquals(7, files(OUTPUT.resolve("song_data")));
        assertEquals(90, lines(OUTPUT.resolve("log_data")));
        assertEquals(List.of(), log.warnings);
    }

    @Test
    void theFirstPropertyNamesStillWorkWithAWarning(
            @InjectMojo(goal = "generate-data", pom = POM) GenerateDataMojo generate) throws Exception {
        Properties cli = new Properties();
        cli.setProperty("sparkfy.songs", "3");
        cli.setProperty("sparkfy.events", "40");
        cli.setProperty("sparkfy.eventCount", "50");
        CommandLine.set(generate, cli);
        Log log = new Log();
        generate.setLog(log);
        generate.execute();
        assertEquals(3, files(OUTPUT.resolve("song_data")), "-Dsparkfy.songs over the POM's songCount");
        assertEquals(50, lines(OUTPUT.resolve("log_data")), "-Dsparkfy.eventCount over -Dsparkfy.events");
        assertEquals(List.of("sparkfy.songs is deprecated: set sparkfy.songCount instead",
                "sparkfy.events is deprecated: set sparkfy.eventCount instead (sparkfy.eventCount is set too and"
                        + " wins)"), log.warnings);
    }

    private static long files(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static long lines(Path folder) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                lines += Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
            }
        }
        return lines;
    }

    /** Keeps the warnings a goal logs. */
    static final class Log extends SystemStreamLog {
        final List<String> warnings = new ArrayList<>();

        @Override
        public void warn(CharSequence content) {
            warnings.add(content.toString());
        }
    }
}
