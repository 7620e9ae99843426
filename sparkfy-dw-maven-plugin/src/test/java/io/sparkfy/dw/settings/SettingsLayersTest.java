package io.sparkfy.dw.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Command line over POM over config file over defaults. */
class SettingsLayersTest {

    @Test
    void precedence() {
        Map<String, String> pom = new HashMap<>();
        pom.put("url", "jdbc:postgresql://pom/db");
        pom.put("user", "pom-user");
        pom.put("songData", null);
        SettingsLayers layers = new SettingsLayers(
                Map.of("url", "jdbc:postgresql://cli/db"),
                pom,
                Map.of("url", "jdbc:redshift://file:5439/dwh", "user", "file-user", "songData", "s3://b/song_data",
                        "password", "from-file"));
        assertEquals("jdbc:postgresql://cli/db", layers.get("url"));
        assertEquals("command line", layers.origin("url"));
        assertEquals("pom-user", layers.get("user"));
        assertEquals("POM", layers.origin("user"));
        assertEquals("s3://b/song_data", layers.get("songData"));
        assertEquals("config file", layers.origin("songData"));
        assertEquals("fallback", layers.get("logData", "fallback"));
        assertEquals("default", layers.origin("logData"));
        assertEquals(null, layers.commandLine("user"));
        assertEquals("jdbc:postgresql://cli/db", layers.commandLine("url"));
    }

    @Test
    void blankValuesDoNotHideLowerLayers() {
        SettingsLayers layers = new SettingsLayers(Map.of("user", " "), Map.of("user", ""), Map.of("user", "u"));
        assertEquals("u", layers.get("user"));
    }
}
