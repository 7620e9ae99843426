package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first commands as a newcomer copies them: the pluginGroup it shows is the plugin's real groupId (the
 * one the invoker builds' settings.xml holds), its commands use the real goal prefix, and the commands it gives for
 * a folder with no POM are the ones the invoker build {@code no-pom-prefix-goals} runs, word for word.
 */
class ReadmeQuickStartTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path IT = Path.of("src", "it");

    @Test
    void thePluginGroupIsThePluginsGroupId() throws IOException {
        PluginDescriptor plugin = PluginDescriptor.read();
        String readme = Files.readString(README);
        assertEquals(List.of(plugin.groupId()), all(readme, "<pluginGroup>([^<]+)</pluginGroup>"),
                "the README's pluginGroup");
        assertEquals(List.of(plugin.groupId()), all(Files.readString(IT.resolve("settings.xml")),
                "<pluginGroup>([^<]+)</pluginGroup>"), "the invoker builds' settings.xml");
        assertTrue(readme.contains("mvn " + plugin.groupId() + ":" + plugin.artifactId() + ":"),
                "the README names the plugin in full somewhere");
    }

    @Test
    void theReadmesCommandsUseTheGoalPrefixAndRealGoals() throws IOException {
        PluginDescriptor plugin = PluginDescriptor.read();
        List<String> used = all(Files.readString(README), "mvn " + Pattern.quote(plugin.goalPrefix()) + ":([a-z-]+)");
        assertTrue(used.size() >= 6, "commands with the prefix: " + used);
        List<String> unknown = new ArrayList<>(used);
        unknown.removeAll(plugin.mojos().keySet());
        assertEquals(List.of(), unknown, "goals the README runs that the plugin does not have");
    }

    @Test
    void theNoPomCommandsAreTheInvokerBuilds() throws IOException {
        Properties invoker = new Properties();
        try (Reader in = Files.newBufferedReader(IT.resolve("no-pom-prefix-goals/invoker.properties"))) {
            invoker.load(in);
        }
        assertTrue(Files.notExists(IT.resolve("no-pom-prefix-goals/pom.xml")), "that build runs with no POM");
        String readme = Files.readString(README);
        for (String key : List.of("invoker.goals.1", "invoker.goals.2")) {
            String command = "mvn " + invoker.getProperty(key).trim();
            assertTrue(readme.contains("\n" + command + "\n"), "the README lacks the line: " + command);
        }
    }

    private static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1).trim());
        }
        return found;
    }
}
