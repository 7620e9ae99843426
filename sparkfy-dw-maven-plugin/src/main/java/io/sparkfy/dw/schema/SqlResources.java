package io.sparkfy.dw.schema;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * The SQL and JSONPaths resources of the sparkfy-dw-sql artifact on the plugin's class path. Which version of
 * that artifact is there is the user's choice (plugin dependency), so every read goes through this class.
 */
public final class SqlResources {

    public static final String ROOT = "sparkfy-dw/";
    /** The event-log JSONPaths file that ships with the schema. */
    public static final String LOG_JSON_PATHS = ROOT + "log_json_path.json";

    public static final List<String> STAGING_TABLES = List.of("staging_events", "staging_songs");
    public static final List<String> STAR_TABLES = List.of("songplays", "users", "songs", "artists", "time");

    private final ClassLoader loader;

    public SqlResources() {
        this(SqlResources.class.getClassLoader());
    }

    public SqlResources(ClassLoader loader) {
        this.loader = loader;
    }

    /** The schema version: the version of the sparkfy-dw-sql artifact. */
    public String schemaVersion() {
        Properties properties = new Properties();
        try (InputStream in = open(ROOT + "schema.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new SparkfyException("cannot read " + ROOT + "schema.properties from sparkfy-dw-sql: " + e, e);
        }
        return properties.getProperty("version", "unknown");
    }

    /** The statements of one script ({@code create_tables}, {@code drop_tables}, {@code insert_dw}). */
    public List<SqlStatement> script(Dialect dialect, String name) {
        String path = ROOT + dialect.folder() + "/" + name + ".sql";
        try (InputStream in = open(path)) {
            return SqlSplitter.split(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SparkfyException("cannot read " + path + " from sparkfy-dw-sql: " + e, e);
        }
    }

    /** The URL of a resource; fails with the resource's name when the sparkfy-dw-sql jar lacks it. */
    public URL url(String path) {
        URL url = loader.getResource(path);
        if (url == null) {
            throw new SparkfyException(path + " is not in the sparkfy-dw-sql artifact on the plugin's class path");
        }
        return url;
    }

    private InputStream open(String path) throws IOException {
        return url(path).openStream();
    }
}
