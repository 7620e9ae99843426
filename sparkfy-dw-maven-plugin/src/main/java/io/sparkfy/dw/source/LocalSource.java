package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A local file, or every file under a local folder (recursively, as COPY reads every object under a prefix).
 * Hidden files are not data.
 */
final class LocalSource implements Source {

    private final String location;
    private final Path path;

    LocalSource(String location, Path path) {
        this.location = location;
        this.path = path;
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
            return List.of(single(path));
        }
        // One walk that keeps each file's size and name: a song folder can hold 100,000 files, so no per-file
        // system calls beyond the walk's own, and names are computed once for the sort.
        List<LocalFile> files = new ArrayList<>();
        // Relative names by cutting the folder's own text off: Path.relativize made a Path per name element per file.
        String separator = path.getFileSystem().getSeparator();
        String root = path.toString().endsWith(separator) ? path.toString() : path + separator;
        int prefix = root.length();
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(path) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    // The file's own name from its path's text: a Path and a String fewer per file.
                    String text = file.toString();
                    int nameAt = text.lastIndexOf(separator) + 1;
                    boolean hidden = text.startsWith(".", nameAt);
                    if (attrs.isRegularFile() && !hidden) {
                        files.add(new LocalFile(root, text.substring(prefix), attrs.size(),
                                attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new SparkfyException(location + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new SparkfyException(location + ": the folder holds no files to load");
        }
        files.sort(Comparator.comparing(LocalFile::name));
        return List.copyOf(files);
    }

    private static boolean isHidden(Path file) {
        return file.getFileName().toString().startsWith(".");
    }

    private static LocalFile single(Path file) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
            return new LocalFile("", file.toString(), attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS));
        } catch (IOException e) {
            return new LocalFile("", file.toString(), 0, 0);
        }
    }

    /**
     * A file under a folder, by name: no Path per file, since a listing of 100,000 song files is held for the
     * whole load, and a Path with its text and name offsets costs several times the name (README, "Performance").
     */
    private static final class LocalFile implements SourceObject {
        private final String root;
        private final String name;
        private final long size;
        /**
         * Nanoseconds since the epoch, as precise as the file system keeps them (a touch within the same
         * millisecond is still seen): a long, not a FileTime, for the 100,000 files a listing holds.
         */
        private final long modified;

        /** The file at {@code root + name}; {@code root} is the folder's path and a separator, or "". */
        LocalFile(String root, String name, long size, long modified) {
            this.root = root;
            this.name = name;
            this.size = size;
            this.modified = modified;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            return size;
        }

        /** A single file's own name; under a folder, the name is relative already. */
        @Override
        public String relativeName() {
            if (root.isEmpty()) {
                return Path.of(name).getFileName().toString();
            }
            return File.separatorChar == '/' ? name : name.replace(File.separatorChar, '/');
        }

        /** The modification time, as an ISO-8601 instant: touching or rewriting the file changes it. */
        @Override
        public String version() {
            return InstantText.of(modified);
        }

        @Override
        public InputStream open() throws IOException {
            // FileInputStream, not Files.newInputStream: less CPU per file (README, "Performance")
            return new FileInputStream(root + name);
        }

        @Override
        public boolean local() {
            return true;
        }
    }
}
