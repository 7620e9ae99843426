package io.sparkfy.dw.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the Chromium the render test drives: {@code -Dsparkfy.chromium} when set (it must then be an executable
 * file; only the test reads it), else the first of the names in {@code chromium-names.txt} found on the PATH, which
 * is what {@code .ci/find-chromium} finds for {@code .ci/run} too.
 */
public final class Chromium {

    public static final String PROPERTY = "sparkfy.chromium";
    static final String NAMES = "chromium-names.txt";

    private Chromium() {
    }

    /** The executable, or empty with {@link #notFound} saying where it looked. */
    public static Optional<Path> find() {
        return find(System.getProperty(PROPERTY), System.getenv("PATH"));
    }

    static Optional<Path> find(String property, String path) {
        if (property != null && !property.isBlank()) {
            Path given = Path.of(property.strip());
            if (!Files.isRegularFile(given) || !Files.isExecutable(given)) {
                throw new IllegalStateException("-D" + PROPERTY + "=" + property + " is not an executable file");
            }
            return Optional.of(given);
        }
        for (String name : names()) {
            for (String folder : path == null ? new String[0] : path.split(File.pathSeparator)) {
                if (folder.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(folder, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** What a test says when there is none. */
    public static String notFound() {
        return "no Chromium found: -D" + PROPERTY + " is not set and none of " + names() + " is on the PATH; install"
                + " one (Debian: apt-get update && apt-get install -y chromium, which .ci/run does) or set -D"
                + PROPERTY + "=/path/to/chrome";
    }

    /** The names to try, in order, from the list .ci/find-chromium reads as well. */
    static List<String> names() {
        try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream(NAMES)) {
            if (in == null) {
                throw new IllegalStateException(NAMES + " is not on the test class path");
            }
            List<String> names = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return names;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + NAMES + ": " + e, e);
        }
    }
}
