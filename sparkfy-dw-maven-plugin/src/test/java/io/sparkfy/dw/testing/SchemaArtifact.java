package io.sparkfy.dw.testing;

import io.sparkfy.dw.schema.SchemaDeclaration;
import io.sparkfy.dw.schema.SqlResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A throwaway schema artifact: a folder holding a copy of the sparkfy-dw resources the plugin ships with, for a
 * test to change as a new schema version would, then read through a class loader over that folder alone.
 */
public final class SchemaArtifact {

    public final Path root;

    private SchemaArtifact(Path root) {
        this.root = root;
    }

    /** Copies the shipped sparkfy-dw resources (from the sparkfy-dw-sql jar or folder) into {@code root}. */
    public static SchemaArtifact copyOfShipped(Path root) {
        URL declaration = SqlResources.class.getClassLoader().getResource(SchemaDeclaration.RESOURCE);
        try {
            URI uri = declaration.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copy(jar.provider().getPath(uri).getParent(), root.resolve(SqlResources.ROOT));
                }
            } else {
                copy(Path.of(uri).getParent(), root.resolve(SqlResources.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return new SchemaArtifact(root);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** A resource of the artifact, e.g. {@code postgres/insert_dw.sql}, relative to {@code sparkfy-dw/}. */
    public Path file(String path) {
        return root.resolve(SqlResources.ROOT).resolve(path);
    }

    public String read(String path) {
        try {
            return Files.readString(file(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String path, String text) {
        try {
            Files.writeString(file(path), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void append(String path, String text) {
        try {
            Files.writeString(file(path), text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The artifact's resources and nothing else: no parent that could answer with the shipped ones. */
    public SqlResources resources() {
        try {
            return new SqlResources(new URLClassLoader(new URL[] {root.toUri().toURL()}, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
