package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A local file, or every file under a local folder (recursively, as COPY reads every object under a prefix).
 * Hidden files and files listed in {@code excluded} (a JSONPaths file kept beside the data) are not data.
 */
final class LocalSource implements Source {

    private final String location;
    private final Path path;
    private final Set<Path> excluded;

    LocalSource(String location, Path path, Set<Path> excluded) {
        this.location = location;
        this.path = path;
        this.excluded = excluded.stream().map(LocalSource::real).collect(Collectors.toSet());
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public List<SourceObject> list() {
        if (!Files.exists(path)) {
            throw new SparkfyException(location + ": no such file or folder (" + path.toAbsolutePath() + ")");
        }
        if (Files.isRegularFile(path)) {
            return List.of(new LocalFile(path.toString(), path));
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<SourceObject> files = walk
                    .filter(Files::isRegularFile)
                    .filter(p -> !isHidden(path.relativize(p)))
                    .filter(p -> !excluded.contains(real(p)))
                    .sorted(Comparator.comparing(p -> path.relativize(p).toString()))
                    .map(p -> (SourceObject) new LocalFile(path.relativize(p).toString(), p))
                    .collect(Collectors.toList());
            if (files.isEmpty()) {
                throw new SparkfyException(location + ": the folder holds no files to load");
            }
            return files;
        } catch (IOException | UncheckedIOException e) {
            throw new SparkfyException(location + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static final class LocalFile implements SourceObject {
        private final String name;
        private final Path file;

        LocalFile(String name, Path file) {
            this.name = name;
            this.file = file;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }
    }
}
