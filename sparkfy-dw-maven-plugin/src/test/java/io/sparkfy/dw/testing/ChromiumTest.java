package io.sparkfy.dw.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without -Dsparkfy.chromium (the test's own override, which .ci/find-chromium does not read), the render test and
 * .ci/run take the same Chromium: the first listed name on the PATH. Here the Java side and .ci/find-chromium are run
 * on the same made-up PATHs and must agree.
 */
class ChromiumTest {

    private static final Path FIND_CHROMIUM = Path.of("..", ".ci", "find-chromium");

    @TempDir
    Path root;

    @Test
    void thePropertyWinsAndMustBeAnExecutable() throws IOException {
        Path given = executable(root.resolve("mine"), "my-chrome");
        Path onPath = executable(root.resolve("bin"), "chromium");
        assertEquals(Optional.of(given), Chromium.find(given.toString(), onPath.getParent().toString()));
        Path plain = Files.writeString(root.resolve("not-executable"), "");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Chromium.find(plain.toString(), onPath.getParent().toString()));
        assertEquals("-Dsparkfy.chromium=" + plain + " is not an executable file", e.getMessage());
    }

    @Test
    void withoutThePropertyTheFirstNameOnThePathAsCiFindsIt() throws Exception {
        Path first = root.resolve("first");
        Path second = root.resolve("second");
        Files.createDirectories(first);
        executable(second, "google-chrome");
        Files.writeString(first.resolve("chromium"), ""); // not executable: skipped
        String path = first + File.pathSeparator + File.pathSeparator + second;
        assertEquals(Optional.of(second.resolve("google-chrome")), Chromium.find(null, path));
        assertEquals(second.resolve("google-chrome").toString(), ci(path));

        executable(second, "chromium-browser"); // listed before google-chrome
        assertEquals(Optional.of(second.resolve("chromium-browser")), Chromium.find("", path));
        assertEquals(second.resolve("chromium-browser").toString(), ci(path));

        executable(second, "chromium");
        executable(first, "chromium-browser");
        assertEquals(Optional.of(second.resolve("chromium")), Chromium.find(null, path), "names first, then folders");
        assertEquals(second.resolve("chromium").toString(), ci(path));
    }

    @Test
    void noneFoundOnEitherSide() throws Exception {
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertEquals(Optional.empty(), Chromium.find(null, empty.toString()));
        assertEquals(null, ci(empty.toString()));
        assertTrue(Chromium.notFound().contains("[chromium, chromium-browser, google-chrome"), Chromium.notFound());
    }

    /** What .ci/find-chromium prints with this PATH; null when it exits 1 (none found). */
    private static String ci(String path) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of("/bin/bash", FIND_CHROMIUM.toString()))
                .redirectErrorStream(true);
        builder.environment().put("PATH", path);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = process.waitFor();
        if (exit == 1 && out.isEmpty()) {
            return null;
        }
        assertEquals(0, exit, ".ci/find-chromium failed: " + out);
        return out;
    }

    private static Path executable(Path folder, String name) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
