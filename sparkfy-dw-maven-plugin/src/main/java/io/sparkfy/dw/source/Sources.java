package io.sparkfy.dw.source;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves a location as users write it: {@code s3://bucket/prefix}, a path, a {@code file:} URI, or
 * {@code classpath:} for files shipped in the plugin. A relative path is taken from the base folder (a build's
 * project folder), not from the process's working folder. Holds how S3 is reached (endpoint, path style,
 * anonymous); the region can differ per source.
 */
public final class Sources {

    public static final String CLASSPATH = "classpath:";

    private final S3Options s3;
    /** Sources a test brings, by location (null where it has none); null in every real run. */
    private final Function<String, Source> own;
    /** Where relative paths start; null: the working folder. */
    private final Path base;

    public Sources(S3Options s3) {
        this(s3, null);
    }

    /**
     * Data at the locations {@code own} knows comes from the source it gives (null: the location is resolved as
     * usual): a test's hook for data whose delivery it controls.
     */
    public Sources(S3Options s3, Function<String, Source> own) {
        this(s3, own, null);
    }

    private Sources(S3Options s3, Function<String, Source> own, Path base) {
        this.s3 = s3;
        this.own = own;
        this.base = base;
    }

    /** These sources with relative paths taken from {@code folder} (a project's base directory). */
    public Sources relativeTo(Path folder) {
        return new Sources(s3, own, folder == null ? null : folder.toAbsolutePath().normalize());
    }

    /** Local files and the default S3 settings. */
    public static Sources local() {
        return new Sources(S3Options.defaults());
    }

    /** The data at a location; {@code excluded} locations (a JSONPaths file beside the data) are never data. */
    public Source of(String location, String region, Set<String> excluded) {
        Source given = own == null ? null : own.apply(location);
        if (given != null) {
            return given;
        }
        if (S3Location.isS3(location)) {
            return new S3Source(location, s3(region), excluded);
        }
        Set<Path> excludedPaths = new HashSet<>();
        for (String other : excluded) {
            Path path = localPathOrNull(other);
            if (path != null) {
                excludedPaths.add(path);
            }
        }
        return new LocalSource(location, localPath(location), excludedPaths);
    }

    /** The objects a COPY of {@code location} reads: those the manifest there names, or what {@code data} lists. */
    public List<SourceObject> objects(Source data, String location, boolean manifest, String region, Log log) {
        return manifest ? Manifest.objects(single(location, region), data, this, region, log) : data.list();
    }

    /** A single object, such as a JSONPaths file. */
    public SourceObject single(String location, String region) {
        if (location.startsWith(CLASSPATH)) {
            return new ClasspathObject(location, Sources.class.getClassLoader());
        }
        if (S3Location.isS3(location)) {
            return S3Source.single(location, s3(region));
        }
        Path path = localPath(location);
        List<SourceObject> objects = new LocalSource(location, path, Set.of()).list();
        if (objects.size() != 1 || !path.toFile().isFile()) {
            throw new SparkfyException(location + ": expected a single file, found a folder");
        }
        return objects.get(0);
    }

    /** Writes one S3 object (a manifest a load hands to Redshift) as this build reaches S3. */
    public void writeS3(String location, String region, byte[] bytes, String contentType) {
        S3Source.put(location, bytes, contentType, s3(region));
    }

    private S3Options s3(String region) {
        return region == null ? s3 : new S3Options(region, s3.endpoint(), s3.pathStyle(), s3.anonymous());
    }

    private Path localPathOrNull(String location) {
        try {
            return location.startsWith(CLASSPATH) || S3Location.isS3(location) ? null : localPath(location);
        } catch (SparkfyException e) {
            return null;
        }
    }

    private Path localPath(String location) {
        if (location == null || location.isBlank()) {
            throw new SparkfyException("no location given");
        }
        try {
            if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
                return Paths.get(URI.create(location));
            }
            Path path = Paths.get(location);
            return base == null || path.isAbsolute() ? path : base.resolve(path);
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(location + ": not a valid path or file: URI (" + e.getMessage() + ")", e);
        }
    }
}
