package io.sparkfy.dw.schema;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The resources of the sparkfy-dw-sql artifact: its declaration, SQL and JSONPaths. Which version of that artifact
 * is on the plugin's class path is the user's choice (plugin dependency), so every read goes through this class;
 * a test hands it a class loader over another artifact.
 */
public final class SqlResources {

    public static final String ROOT = "sparkfy-dw/";
    /** The event-log JSONPaths file that ships with the schema. */
    public static final String LOG_JSON_PATHS = ROOT + "log_json_path.json";

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    private final ClassLoader loader;
    // A goal asks for these several times (check, info, dry run): read and checksummed once per instance.
    private final Map<Dialect, List<Migration>> migrations = new EnumMap<>(Dialect.class);
    private SchemaDeclaration declaration;

    public SqlResources() {
        this(SqlResources.class.getClassLoader());
    }

    public SqlResources(ClassLoader loader) {
        this.loader = loader;
    }

    /** The schema version: the version of the sparkfy-dw-sql artifact. */
    public String schemaVersion() {
        return declaration().version();
    }

    /** What the artifact declares: its tables, their sources and default COPY options, its scripts. */
    public synchronized SchemaDeclaration declaration() {
        if (declaration == null) {
            Properties properties = new Properties();
            try (InputStream in = open(SchemaDeclaration.RESOURCE)) {
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException | IllegalArgumentException e) {
                throw new SparkfyException("cannot read " + SchemaDeclaration.RESOURCE + " from sparkfy-dw-sql: "
                        + e.getMessage(), e);
            }
            declaration = SchemaDeclaration.parse(SchemaDeclaration.RESOURCE, properties);
        }
        return declaration;
    }

    /** The statements of one of the declared scripts ({@code insert_dw}, {@code drop_tables}, the fast build's). */
    public List<SqlStatement> script(Dialect dialect, String name) {
        String path = scriptPath(dialect, name);
        return SqlSplitter.split(path, text(path));
    }

    /** The {@code -- step:} markers of a declared script, in order; none in a script without them. */
    public List<ScriptStep> steps(Dialect dialect, String name) {
        return ScriptStep.of(text(scriptPath(dialect, name)));
    }

    private String scriptPath(Dialect dialect, String name) {
        SchemaDeclaration declared = declaration();
        if (!declared.scripts().contains(name) && !declared.fastBuildSessions().contains(name)
                && !declared.fastBuildPrepare().contains(name)) {
            throw new SparkfyException(SchemaDeclaration.RESOURCE + " declares no script " + name + " (scripts = "
                    + String.join(", ", declaration().scripts()) + ")");
        }
        return ROOT + dialect.folder() + "/" + name + ".sql";
    }

    /** Whether the artifact holds a resource: an optional file (a dialect's own check) is probed, not listed. */
    public boolean has(String path) {
        return loader.getResource(path) != null;
    }

    /** A text resource of the artifact, as UTF-8. */
    public String text(String path) {
        try (InputStream in = open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SparkfyException("cannot read " + path + " from sparkfy-dw-sql: " + e.getMessage(), e);
        }
    }

    /** The migrations of a dialect, in order, from its {@code migrations/index.txt}. */
    public synchronized List<Migration> migrations(Dialect dialect) {
        List<Migration> read = migrations.get(dialect);
        if (read == null) {
            read = readMigrations(dialect);
            migrations.put(dialect, read);
        }
        return read;
    }

    private List<Migration> readMigrations(Dialect dialect) {
        String folder = ROOT + dialect.folder() + "/migrations/";
        List<Migration> migrations = new ArrayList<>();
        try (InputStream in = open(folder + "index.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String script = line.strip();
                if (script.isEmpty() || script.startsWith("#")) {
                    continue;
                }
                Matcher name = MIGRATION.matcher(script);
                if (!name.matches()) {
                    throw new SparkfyException(folder + "index.txt names '" + script + "', not V<n>__<description>.sql");
                }
                String text;
                try (InputStream body = open(folder + script)) {
                    text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                }
                migrations.add(new Migration(Integer.parseInt(name.group(1)), name.group(2).replace('_', ' '), script,
                        checksum(text), SqlSplitter.split(folder + script, text)));
            }
        } catch (IOException e) {
            throw new SparkfyException("cannot read the migrations of " + dialect.folder() + " from sparkfy-dw-sql: "
                    + e, e);
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new SparkfyException(folder + "index.txt: migration " + migrations.get(i).script()
                        + " is out of order (expected V" + (i + 1) + ")");
            }
        }
        return List.copyOf(migrations);
    }

    /** CRC32 of the text with line endings normalised, as Flyway's checksums: a checkout on Windows agrees. */
    static long checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** Fails with the resource's name when the artifact lacks it. */
    private InputStream open(String path) {
        InputStream in = loader.getResourceAsStream(path);
        if (in == null) {
            throw new SparkfyException(path + " is not in the sparkfy-dw-sql artifact on the plugin's class path");
        }
        return in;
    }
}
