package io.sparkfy.dw.schema;

import io.sparkfy.dw.SparkfyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the schema artifact says its schema is ({@code sparkfy-dw/schema.properties}): its version, its staging
 * tables with their sources and default COPY options, its star tables in order, and its scripts. The plugin
 * knows no table by name, so a schema version that adds one needs no plugin change.
 */
public final class SchemaDeclaration {

    public static final String RESOURCE = SqlResources.ROOT + "schema.properties";
    /** The COPY options a staging table may default; what a source's POM block or the command line sets wins. */
    public static final Set<String> COPY_DEFAULTS =
            Set.of("json", "timeFormat", "dateFormat", "maxError", "compression");

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private final String version;
    private final List<StagingTable> stagingTables;
    private final List<String> starTables;
    private final List<String> starTotals;
    private final List<String> historyTables;
    private final List<String> scripts;
    private final String ledgerTable;
    private final List<String> fastBuildPrepare;
    private final List<String> fastBuildSessions;
    private final String stagingStateTable;

    private SchemaDeclaration(String version, List<StagingTable> stagingTables, List<String> starTables,
                              List<String> starTotals, List<String> historyTables, List<String> scripts,
                              String ledgerTable, List<String> fastBuildPrepare, List<String> fastBuildSessions,
                              String stagingStateTable) {
        this.version = version;
        this.stagingTables = List.copyOf(stagingTables);
        this.starTables = List.copyOf(starTables);
        this.starTotals = List.copyOf(starTotals);
        this.historyTables = List.copyOf(historyTables);
        this.scripts = List.copyOf(scripts);
        this.ledgerTable = ledgerTable;
        this.fastBuildPrepare = List.copyOf(fastBuildPrepare);
        this.fastBuildSessions = List.copyOf(fastBuildSessions);
        this.stagingStateTable = stagingStateTable;
    }

    /** Reads a declaration; anything missing, misspelt or unknown fails naming the resource and the key. */
    public static SchemaDeclaration parse(String resource, Properties properties) {
        Set<String> unread = new TreeSet<>(properties.stringPropertyNames());
        Set<String> seen = new HashSet<>();
        String version = properties.getProperty("version", "unknown").strip();
        unread.remove("version");

        List<StagingTable> staging = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        for (String table : tables(resource, properties, "staging.tables", seen, unread)) {
            String source = required(resource, properties, table + ".source", unread);
            if (!NAME.matcher(source).matches() || !sources.add(source)) {
                throw new SparkfyException(resource + ": " + table + ".source = '" + source
                        + "' is not a source name (lower-case letters, digits and _) or is used twice");
            }
            Map<String, String> defaults = new LinkedHashMap<>();
            String prefix = table + ".copy.";
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith(prefix)) {
                    String option = key.substring(prefix.length());
                    if (!COPY_DEFAULTS.contains(option)) {
                        throw new SparkfyException(resource + ": " + key + ": '" + option + "' is not a COPY option a"
                                + " source may default (" + String.join(", ", new TreeSet<>(COPY_DEFAULTS)) + ")");
                    }
                    defaults.put(option, properties.getProperty(key).strip());
                    unread.remove(key);
                }
            }
            staging.add(new StagingTable(table, source, defaults));
        }
        List<String> star = tables(resource, properties, "star.tables", seen, unread);
        List<String> totals = properties.getProperty("star.totals") == null ? List.of(star.get(0))
                : starTotals(resource, properties, star, unread);
        String ledger = null;
        if (properties.getProperty("ledger.table") != null) {
            ledger = tables(resource, properties, "ledger.table", seen, unread).get(0);
            if (properties.getProperty("ledger.table").contains(",")) {
                throw new SparkfyException(resource + ": ledger.table names one table, not '"
                        + properties.getProperty("ledger.table") + "'");
            }
        }
        String stagingState = properties.getProperty("staging.state.table") == null ? null
                : tables(resource, properties, "staging.state.table", seen, unread).get(0);
        if (stagingState != null && properties.getProperty("staging.state.table").contains(",")) {
            throw new SparkfyException(resource + ": staging.state.table names one table, not '"
                    + properties.getProperty("staging.state.table") + "'");
        }
        List<String> history = properties.getProperty("history.tables") == null ? List.of()
                : tables(resource, properties, "history.tables", seen, unread);
        List<String> scripts = scriptNames(resource, properties, "scripts", unread);
        List<String> fastSessions = properties.getProperty("fast_build.sessions") == null ? List.of()
                : scriptNames(resource, properties, "fast_build.sessions", unread);
        List<String> fastPrepare = properties.getProperty("fast_build.prepare") == null ? List.of()
                : scriptNames(resource, properties, "fast_build.prepare", unread);
        if (fastSessions.isEmpty() && !fastPrepare.isEmpty()) {
            throw new SparkfyException(resource + ": fast_build.prepare needs fast_build.sessions, the scripts that"
                    + " fill the star");
        }
        Set<String> allScripts = new HashSet<>(scripts);
        for (String script : concat(fastPrepare, fastSessions)) {
            if (!allScripts.add(script)) {
                throw new SparkfyException(resource + ": the script " + script + " is declared twice");
            }
        }
        if (!unread.isEmpty()) {
            throw new SparkfyException(resource + ": unknown key " + String.join(", ", unread) + " (known: version,"
                    + " staging.tables, <staging table>.source, <staging table>.copy.<option>, star.tables,"
                    + " star.totals, ledger.table, staging.state.table, history.tables, scripts, fast_build.prepare,"
                    + " fast_build.sessions)");
        }
        return new SchemaDeclaration(version, staging, star, totals, history, scripts, ledger, fastPrepare,
                fastSessions, stagingState);
    }

    /** The star tables whose totals insert-dw tells: star tables only, each once. */
    private static List<String> starTotals(String resource, Properties properties, List<String> star,
                                           Set<String> unread) {
        List<String> totals = list(resource, properties, "star.totals", unread);
        Set<String> named = new HashSet<>();
        for (String table : totals) {
            if (!star.contains(table)) {
                throw new SparkfyException(resource + ": star.totals names " + table + ", which is not a star table"
                        + " (star.tables: " + String.join(", ", star) + ")");
            }
            if (!named.add(table)) {
                throw new SparkfyException(resource + ": star.totals names " + table + " twice");
            }
        }
        return totals;
    }

    private static List<String> scriptNames(String resource, Properties properties, String key, Set<String> unread) {
        List<String> scripts = list(resource, properties, key, unread);
        for (String script : scripts) {
            if (!NAME.matcher(script).matches()) {
                throw new SparkfyException(resource + ": " + key + " names '" + script + "', not a script name"
                        + " (<name>.sql without .sql: lower-case letters, digits and _)");
            }
        }
        return scripts;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The schema version: the version of the sparkfy-dw-sql artifact. */
    public String version() {
        return version;
    }

    /** The staging tables, in load order. */
    public List<StagingTable> stagingTables() {
        return stagingTables;
    }

    /** The star-schema tables: the fact, then the dimensions. */
    public List<String> starTables() {
        return starTables;
    }

    /**
     * The star tables whose totals insert-dw tells after a merge, counted in its report (optional key
     * {@code star.totals}; the fact table alone when absent): the star proper, not its bookkeeping tables, which
     * hold about as many rows as the fact and would make a daily run read them all.
     */
    public List<String> starTotals() {
        return starTotals;
    }

    /**
     * The load ledger's table (which objects staging was loaded from), or null for a schema without one: its
     * loads then replace staging with every object, as before the ledger.
     */
    public String ledgerTable() {
        return ledgerTable;
    }

    /**
     * What staging holds and whether insert-dw merged it (one row per staging table), or null for a schema without
     * it: insert-dw then runs every step every time.
     */
    public String stagingStateTable() {
        return stagingStateTable;
    }

    /**
     * The plugin's run history tables, which its migrations create and drop_tables drops; empty for a schema
     * without them (optional key {@code history.tables}).
     */
    public List<String> historyTables() {
        return historyTables;
    }

    /** Every table of the data: staging, then star, then the ledger (not the run history). */
    public List<String> tables() {
        List<String> all = new ArrayList<>();
        stagingTables.forEach(staging -> all.add(staging.table()));
        all.addAll(starTables);
        if (ledgerTable != null) {
            all.add(ledgerTable);
        }
        return List.copyOf(all);
    }

    /** The scripts each dialect folder holds, by name without {@code .sql}: insert-dw's merge, drop-tables'. */
    public List<String> scripts() {
        return scripts;
    }

    /**
     * The fast full build's scripts that fill the star, one per session (run at once where the target can, one
     * after the other where it cannot); empty for a schema without a fast build: insert-dw then always merges.
     */
    public List<String> fastBuildSessions() {
        return fastBuildSessions;
    }

    /** The fast full build's scripts that ready staging before its sessions start (statistics); may be empty. */
    public List<String> fastBuildPrepare() {
        return fastBuildPrepare;
    }

    // Table names reach SQL text (counts, probes): only plain identifiers, each declared once.
    private static List<String> tables(String resource, Properties properties, String key, Set<String> seen,
                                       Set<String> unread) {
        List<String> tables = list(resource, properties, key, unread);
        for (String table : tables) {
            if (!Identifiers.isPlain(table)) {
                throw new SparkfyException(resource + ": " + key + " names '" + table + "', not a plain table name"
                        + " (lower-case letters, digits, _ and $)");
            }
            if (!seen.add(table)) {
                throw new SparkfyException(resource + ": " + key + " names " + table + ", which is declared twice");
            }
        }
        return tables;
    }

    private static List<String> list(String resource, Properties properties, String key, Set<String> unread) {
        List<String> values = Arrays.stream(required(resource, properties, key, unread).split(","))
                .map(String::strip).toList();
        if (values.contains("")) {
            throw new SparkfyException(resource + ": " + key + " has an empty entry: '" + properties.getProperty(key)
                    + "'");
        }
        return values;
    }

    private static String required(String resource, Properties properties, String key, Set<String> unread) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new SparkfyException(resource + ": " + key + " is missing: the schema artifact must declare it");
        }
        unread.remove(key);
        return value.strip();
    }
}
