package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relative location is taken from the base folder a build gives (its project's folder), not from the working
 * folder of the JVM: {@code mvn -f other/pom.xml} with {@code data/log_data} reads {@code other/data/log_data}.
 */
class RelativeLocationTest {

    @TempDir
    Path project;

    @Test
    void aRelativeFolderAndAJsonPathsFileAreReadFromTheBaseFolder() throws IOException {
        Files.createDirectories(project.resolve("data/log_data/2018/11"));
        Files.writeString(project.resolve("data/log_data/2018/11/2018-11-01-events.json"), "{\"a\":1}\n");
        Files.writeString(project.resolve("data/paths.json"), "{\"jsonpaths\":[\"$.a\"]}");
        assertFalse(Files.exists(Path.of("data/log_data")), "the working folder has no such data");

        Sources sources = Sources.local().relativeTo(project);
        List<SourceObject> objects = sources.of("data/log_data", null, Set.of("data/paths.json")).list();
        assertEquals(List.of("2018/11/2018-11-01-events.json"), objects.stream().map(SourceObject::relativeName)
                .toList());
        try (InputStream in = sources.single("data/paths.json", null).open()) {
            assertEquals("{\"jsonpaths\":[\"$.a\"]}", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aJsonPathsFileInsideTheDataFolderIsStillNotData() throws IOException {
        Files.createDirectories(project.resolve("logs"));
        Files.writeString(project.resolve("logs/day.json"), "{\"a\":1}\n");
        Files.writeString(project.resolve("logs/paths.json"), "{\"jsonpaths\":[\"$.a\"]}");
        List<SourceObject> objects = Sources.local().relativeTo(project)
                .of("logs", null, Set.of("logs/paths.json")).list();
        assertEquals(List.of("day.json"), objects.stream().map(SourceObject::relativeName).toList());
    }

    @Test
    void anAbsolutePathStaysAsItIs(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("one.json"), "{}\n");
        List<SourceObject> objects = Sources.local().relativeTo(project)
                .of(elsewhere.resolve("one.json").toString(), null, Set.of()).list();
        assertEquals(1, objects.size());
    }
}
