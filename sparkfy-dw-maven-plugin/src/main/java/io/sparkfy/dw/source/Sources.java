package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Resolves a location as users write it: a path, a {@code file:} URI, or {@code classpath:} for shipped files. */
public final class Sources {

    public static final String CLASSPATH = "classpath:";

    private Sources() {
    }

    /** The data source at a location; files in {@code excluded} are never read as data. */
    public static Source of(String location, Set<Path> excluded) {
        return new LocalSource(location, localPath(location), excluded);
    }

    /** A single object, such as a JSONPaths file. */
    public static SourceObject single(String location) {
        if (location.startsWith(CLASSPATH)) {
            return new ClasspathObject(location, Sources.class.getClassLoader());
        }
        List<SourceObject> objects = new LocalSource(location, localPath(location), Set.of()).list();
        if (objects.size() != 1 || !localPath(location).toFile().isFile()) {
            throw new SparkfyException(location + ": expected a single file, found a folder");
        }
        return objects.get(0);
    }

    /** The local file a location names, or null when it is not local (so it cannot hide among local data). */
    public static Path localPathOrNull(String location) {
        try {
            return location.startsWith(CLASSPATH) ? null : localPath(location);
        } catch (SparkfyException e) {
            return null;
        }
    }

    private static Path localPath(String location) {
        if (location == null || location.isBlank()) {
            throw new SparkfyException("no location given");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("s3://")) {
            throw new SparkfyException(location + ": s3:// sources are not in this version of sparkfy-dw yet; "
                    + "use a local folder, a file or a file: URI");
        }
        try {
            if (lower.startsWith("file:")) {
                return Paths.get(URI.create(location));
            }
            return Paths.get(location);
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(location + ": not a valid path or file: URI (" + e.getMessage() + ")", e);
        }
    }
}
