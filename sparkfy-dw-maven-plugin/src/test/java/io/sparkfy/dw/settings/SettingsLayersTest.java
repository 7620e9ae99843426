package io.sparkfy.dw.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkfy.dw.SparkfyException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Command line over a source's block over POM over config file over defaults, and values typed once, here. */
class SettingsLayersTest {

    @Test
    void precedence() {
        Map<String, String> pom = new HashMap<>();
        pom.put(PropertyNames.URL, "jdbc:postgresql://pom/db");
        pom.put(PropertyNames.USER, "pom-user");
        pom.put(PropertyNames.SONG_DATA, null);
        SettingsLayers layers = SettingsLayers.builder()
                .commandLine(Map.of(PropertyNames.URL, "jdbc:postgresql://cli/db"))
                .pom(pom)
                .configFile(Map.of(PropertyNames.URL, "jdbc:redshift://file:5439/dwh", PropertyNames.USER,
                        "file-user", PropertyNames.SONG_DATA, "s3://b/song_data", PropertyNames.PASSWORD,
                        "from-file"))
                .build();
        assertEquals("jdbc:postgresql://cli/db", layers.text(PropertyNames.URL));
        assertEquals("command line", layers.origin(PropertyNames.URL));
        assertEquals("pom-user", layers.text(PropertyNames.USER));
        assertEquals("POM", layers.origin(PropertyNames.USER));
        assertEquals("s3://b/song_data", layers.text(PropertyNames.SONG_DATA));
        assertEquals("config file", layers.origin(PropertyNames.SONG_DATA));
        assertEquals("fallback", layers.text(PropertyNames.LOG_DATA, "fallback"));
        assertEquals("default", layers.origin(PropertyNames.LOG_DATA));
    }

    @Test
    void aSourcesBlockComesBetweenTheCommandLineAndThePomWideValue() {
        SettingsLayers wide = SettingsLayers.builder()
                .pom(Map.of(PropertyNames.MAX_ERROR, "2", PropertyNames.REGION, "us-west-2"))
                .configFile(Map.of(PropertyNames.TIME_FORMAT, "epochsecs"))
                .build();
        SettingsLayers songs = wide.source("songs", Map.of(PropertyNames.MAX_ERROR, "5"));
        assertEquals(5, songs.integer(PropertyNames.MAX_ERROR, 0, 100_000, 0), "the block over the POM-wide value");
        assertEquals("us-west-2", songs.text(PropertyNames.REGION), "unset in the block: the POM-wide value");
        assertEquals("epochsecs", songs.text(PropertyNames.TIME_FORMAT), "then the config file");
        assertEquals("<songs> block", songs.origin(PropertyNames.MAX_ERROR));
        assertEquals(2, wide.integer(PropertyNames.MAX_ERROR, 0, 100_000, 0), "the block is the source's alone");

        SettingsLayers cli = SettingsLayers.builder().commandLine(Map.of(PropertyNames.MAX_ERROR, "7"))
                .pom(Map.of(PropertyNames.MAX_ERROR, "2")).build()
                .source("songs", Map.of(PropertyNames.MAX_ERROR, "5"));
        assertEquals(7, cli.integer(PropertyNames.MAX_ERROR, 0, 100_000, 0), "the command line over the block");
    }

    @Test
    void blankValuesDoNotHideLowerLayers() {
        SettingsLayers layers = SettingsLayers.builder().commandLine(Map.of(PropertyNames.USER, " "))
                .pom(Map.of(PropertyNames.USER, "")).configFile(Map.of(PropertyNames.USER, "u")).build();
        assertEquals("u", layers.text(PropertyNames.USER));
    }

    @Test
    void typedValuesAndTheirDefaults() {
        SettingsLayers layers = SettingsLayers.builder().commandLine(Map.of(PropertyNames.PORT, " 5440 ",
                PropertyNames.PUBLICLY_ACCESSIBLE, "TRUE", PropertyNames.POLL_SECONDS, "3")).build();
        assertEquals(5440, layers.integer(PropertyNames.PORT, 1150, 65535, 5439));
        assertEquals(4, layers.integer(PropertyNames.NUMBER_OF_NODES, 1, 128, 4));
        assertEquals(Boolean.TRUE, layers.bool(PropertyNames.PUBLICLY_ACCESSIBLE));
        assertNull(layers.bool(PropertyNames.DRY_RUN), "unset: the caller's (or AWS's) default");
        assertEquals(Duration.ofSeconds(3), layers.duration(PropertyNames.POLL_SECONDS, ChronoUnit.SECONDS, 1,
                Duration.ofSeconds(15)));
        assertEquals(Duration.ofMinutes(30), layers.duration(PropertyNames.CLUSTER_TIMEOUT_MINUTES,
                ChronoUnit.MINUTES, 1, Duration.ofMinutes(30)));
    }

    @Test
    void aBadValueIsRefusedNamingWhereItCameFrom() {
        SettingsLayers layers = SettingsLayers.builder().commandLine(Map.of(PropertyNames.MAX_ERROR, "x",
                PropertyNames.PUBLICLY_ACCESSIBLE, "yes", PropertyNames.LOCK_TIMEOUT, "-1",
                PropertyNames.NUMBER_OF_NODES, "2.5"))
                .pom(Map.of(PropertyNames.PORT, "99999")).build();
        assertEquals("sparkfy.maxError must be a whole number from 0 to 100000, not 'x'",
                message(() -> layers.integer(PropertyNames.MAX_ERROR, 0, 100_000, 0)));
        assertEquals("sparkfy.numberOfNodes must be a whole number from 1 to 128, not '2.5'",
                message(() -> layers.integer(PropertyNames.NUMBER_OF_NODES, 1, 128, 4)));
        assertEquals("sparkfy.port must be a whole number from 1150 to 65535, not '99999'",
                message(() -> layers.integer(PropertyNames.PORT, 1150, 65535, 5439)));
        assertEquals("sparkfy.publiclyAccessible must be true or false, not 'yes'",
                message(() -> layers.bool(PropertyNames.PUBLICLY_ACCESSIBLE)));
        assertEquals("sparkfy.lockTimeout must be a whole number of seconds from 0, not '-1'",
                message(() -> layers.duration(PropertyNames.LOCK_TIMEOUT, ChronoUnit.SECONDS, 0,
                        Duration.ofSeconds(600))));
        SettingsLayers songs = SettingsLayers.builder().build().source("songs",
                Map.of(PropertyNames.MAX_ERROR, "many"));
        assertEquals("<songs><maxError> must be a whole number from 0 to 100000, not 'many'",
                message(() -> songs.integer(PropertyNames.MAX_ERROR, 0, 100_000, 0)));
    }

    private static String message(Executable executable) {
        return assertThrows(SparkfyException.class, executable).getMessage();
    }
}
