package io.sparkfy.dw.settings;

import io.sparkfy.dw.source.S3Location;
import java.nio.file.Path;

/**
 * Where the warehouse is. No URL means the embedded PostgreSQL whose data lives in {@code embeddedDataDirectory}.
 * The password never appears in {@link #toString()}. The IAM role COPY assumes is a COPY option
 * ({@code CopyOptions.iamRole}), not a setting of the warehouse. {@code manifestPrefix} (null: none) is where a
 * target that reads S3 itself (Redshift) writes the manifests of what is new; a target that reads the files through
 * the plugin needs none and ignores it.
 */
public record WarehouseSettings(String url, String user, String password, Path embeddedDataDirectory,
                                S3Location manifestPrefix, int embeddedPort) {

    public WarehouseSettings(String url, String user, String password, Path embeddedDataDirectory) {
        this(url, user, password, embeddedDataDirectory, null);
    }

    public WarehouseSettings(String url, String user, String password, Path embeddedDataDirectory,
                             S3Location manifestPrefix) {
        this(url, user, password, embeddedDataDirectory, manifestPrefix, 0);
    }

    public WarehouseSettings {
        url = blankToNull(url);
        user = blankToNull(user);
        if (url == null && embeddedDataDirectory == null) {
            throw new IllegalArgumentException("either a JDBC URL or an embedded data directory is needed");
        }
        if (embeddedPort < 0 || embeddedPort > 65535) {
            throw new IllegalArgumentException("not a port: " + embeddedPort);
        }
    }

    public static WarehouseSettings embedded(Path dataDirectory) {
        return new WarehouseSettings(null, null, null, dataDirectory);
    }

    /** The same settings, with manifests written under {@code prefix} (null: none). */
    public WarehouseSettings withManifestPrefix(S3Location prefix) {
        return new WarehouseSettings(url, user, password, embeddedDataDirectory, prefix, embeddedPort);
    }

    /**
     * The same settings, with the embedded PostgreSQL listening on {@code port} when this build starts it (0: any
     * free port, the default; the serve goal asks for a fixed one).
     */
    public WarehouseSettings withEmbeddedPort(int port) {
        return new WarehouseSettings(url, user, password, embeddedDataDirectory, manifestPrefix, port);
    }

    public boolean isEmbedded() {
        return url == null;
    }

    @Override
    public String toString() {
        return "WarehouseSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "****")
                + ", embeddedDataDirectory=" + embeddedDataDirectory + ", manifestPrefix=" + manifestPrefix
                + ", embeddedPort=" + embeddedPort + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
