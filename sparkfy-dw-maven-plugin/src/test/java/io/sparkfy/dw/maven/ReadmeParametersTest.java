package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's parameter table documents every property the generated plugin descriptor declares. */
class ReadmeParametersTest {

    @Test
    void everyPropertyIsInTheReadme() throws IOException {
        String descriptor;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> properties = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(sparkfy\\.[A-Za-z]+)}").matcher(descriptor);
        while (m.find()) {
            properties.add(m.group(1));
        }
        assertTrue(properties.size() >= 17, "descriptor properties: " + properties);
        String readme = Files.readString(Path.of("..", "README.md"));
        List<String> missing = new ArrayList<>();
        for (String property : properties) {
            if (!readme.contains("| `" + property + "` |")) {
                missing.add(property);
            }
        }
        assertTrue(missing.isEmpty(), "README.md's parameter table lacks " + missing);
    }
}
