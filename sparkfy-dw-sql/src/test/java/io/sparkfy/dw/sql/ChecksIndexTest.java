package io.sparkfy.dw.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A jar cannot be listed, so the checks' index is what the plugin runs: every check file is in it, every entry is
 * a file, and a dialect's own check (which wins for that dialect) replaces one of the index.
 */
class ChecksIndexTest {

    private static final Path ROOT = Path.of("src/main/resources/sparkfy-dw");

    @Test
    void theIndexListsEveryCheckFileOnceAndEachHasAHeader() throws IOException {
        List<String> index = Files.readAllLines(ROOT.resolve("checks/index.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertEquals(index.size(), new TreeSet<>(index).size(), "listed twice: " + index);
        assertEquals(new TreeSet<>(index), files(ROOT.resolve("checks")));
        for (String file : index) {
            String text = Files.readString(ROOT.resolve("checks").resolve(file));
            assertTrue(text.matches("(?s)-- (severity: (warn|error)|freshness: (plays|loads))\\n-- description: [^\\n]+"
                    + "\\nSELECT .*"), file + " starts with its header, then its query");
        }
        for (String dialect : List.of("postgres", "redshift")) {
            Path own = ROOT.resolve(dialect).resolve("checks");
            if (Files.isDirectory(own)) {
                assertTrue(index.containsAll(files(own)), dialect + "/checks/ holds a check the index lacks");
            }
        }
    }

    private static TreeSet<String> files(Path folder) throws IOException {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".sql"))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
