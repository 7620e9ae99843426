package io.sparkfy.dw.source;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
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

    /** How S3 is reached: what the goal's settings made of the region, endpoint, style and checksums. */
    public S3Options s3Options() {
        return s3;
    }

    /** Local files and the default S3 settings. */
    public static Sources local() {
        return new Sources(S3Options.defaults());
    }

    /** The data at a location: every object under it, as COPY reads it. */
    public Source of(String location, String region) {
        Source given = own == null ? null : own.apply(location);
        if (given != null) {
            return given;
        }
        if (S3Location.isS3(location)) {
            return new S3Source(location, s3(region));
        }
        return new LocalSource(location, localPath(location));
    }

    /**
     * Whether a COPY of {@code data} would read {@code other} as data: on S3 the same bucket and a key that starts
     * with the data's key prefix (COPY's prefix rule), locally the same file or one inside the folder. Locations of
     * different kinds ({@code classpath:}, S3, local) never overlap. Nothing is read: a check before connecting.
     */
    public static boolean reads(String data, String other) {
        if (data == null || other == null || other.startsWith(CLASSPATH) || data.startsWith(CLASSPATH)) {
            return false;
        }
        if (S3Location.isS3(data) || S3Location.isS3(other)) {
            if (!S3Location.isS3(data) || !S3Location.isS3(other)) {
                return false;
            }
            S3Location d = S3Location.parse(data);
            S3Location o = S3Location.parse(other);
            return d.bucket().equals(o.bucket()) && o.key().startsWith(d.key());
        }
        // Both relative to the same folder, whichever it is: containment does not depend on it.
        return real(path(other, null)).startsWith(real(path(data, null)));
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
        List<SourceObject> objects = new LocalSource(location, path).list();
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
        return region == null ? s3 : s3.withRegion(region);
    }

    /** The path with links resolved where it exists, so a link to the folder is the folder. */
    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    private Path localPath(String location) {
        return path(location, base);
    }

    private static Path path(String location, Path base) {
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
