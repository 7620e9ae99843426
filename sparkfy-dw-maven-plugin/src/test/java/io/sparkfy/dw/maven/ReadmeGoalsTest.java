package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** The README's Goals table lists every goal once, in the order {@code mvn sparkfy-dw:help} prints them. */
@MojoTest
@Basedir("/unit/etl")
class ReadmeGoalsTest {

    @Test
    void theGoalsTableHasHelpsGoalsInHelpsOrder(@InjectMojo(goal = "help", pom = "<project/>") HelpMojo help)
            throws Exception {
        List<String> readme = readmeGoals();
        assertEquals(new TreeSet<>(PluginDescriptor.read().mojos().keySet()), new TreeSet<>(readme),
                "the README's Goals table against the plugin's goals");
        assertEquals(helpGoals(help), readme, "the README's Goals table against help's order");
    }

    /** The goals of the README's "Goals" table, top to bottom. */
    private static List<String> readmeGoals() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("\n## Goals\n"));
        table = table.substring(0, table.indexOf("\n\n", table.indexOf("\n|")));
        List<String> goals = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (line.startsWith("| `")) {
                goals.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        assertTrue(goals.size() > 10, "README Goals rows: " + goals);
        return goals;
    }

    /** The goals as help prints them, without the prefix. */
    private static List<String> helpGoals(HelpMojo help) throws Exception {
        List<String> goals = new ArrayList<>();
        help.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                for (String line : content.toString().split("\\R")) {
                    if (line.startsWith("sparkfy-dw:")) {
                        goals.add(line.substring("sparkfy-dw:".length()));
                    }
                }
            }
        });
        help.execute();
        return goals;
    }
}
