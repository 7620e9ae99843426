package io.sparkfy.dw.settings;

import java.nio.file.Path;

/**
 * Where the warehouse is. No URL means the embedded PostgreSQL whose data lives in {@code embeddedDataDirectory}.
 * The password never appears in {@link #toString()}. The IAM role COPY assumes is a COPY option
 * ({@code CopyOptions.iamRole}), not a setting of the warehouse.
 */
public record WarehouseSettings(String url, String user, String password, Path embeddedDataDirectory) {

    public WarehouseSettings {
        url = blankToNull(url);
        user = blankToNull(user);
        if (url == null && embeddedDataDirectory == null) {
            throw new IllegalArgumentException("either a JDBC URL or an embedded data directory is needed");
        }
    }

    public static WarehouseSettings embedded(Path dataDirectory) {
        return new WarehouseSettings(null, null, null, dataDirectory);
    }

    public boolean isEmbedded() {
        return url == null;
    }

    @Override
    public String toString() {
        return "WarehouseSettings[url=" + url + ", user=" + user + ", password=" + (password == null ? null : "****")
                + ", embeddedDataDirectory=" + embeddedDataDirectory + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
