package io.sparkfy.dw.settings;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's {@code dwh.cfg}, read the way Python's {@code configparser.ConfigParser()} read it: {@code [SECTION]}
 * headers, {@code key = value} or {@code key: value} with spaces around, key names case-insensitive, whole-line
 * {@code #} and {@code ;} comments, indented continuation lines, a {@code [DEFAULT]} section inherited by the
 * others, and {@code %(key)s} / {@code %%} interpolation. One pair of surrounding quotes is stripped, since real files
 * write both {@code ARN=arn:...} and {@code ARN='arn:...'}. Errors name the file and line.
 */
public final class DwhConfig {

    private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)\\]\\s*");
    private static final Pattern OPTION = Pattern.compile("([^=:]*?)\\s*[=:]\\s*(.*)");
    private static final Pattern INTERPOLATION = Pattern.compile("%\\(([^)]+)\\)s|%%|%");

    private final String file;
    private final Map<String, Map<String, String>> sections;

    private DwhConfig(String file, Map<String, Map<String, String>> sections) {
        this.file = file;
        this.sections = sections;
    }

    public static DwhConfig read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SparkfyException(PropertyNames.CONFIG_FILE + ": cannot read " + path + ": " + e.getMessage(), e);
        }
        return parse(path.toString(), lines);
    }

    static DwhConfig parse(String file, List<String> lines) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (int i = 0; i < lines.size(); i++) {
            String raw = i == 0 && lines.get(0).startsWith("\uFEFF") ? lines.get(0).substring(1) : lines.get(i);
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && current != null && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + "\n" + line); // continuation of the previous value
                continue;
            }
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                String name = section.group(1).strip();
                if (sections.containsKey(name)) {
                    throw error(file, i, "section [" + name + "] appears twice");
                }
                current = new LinkedHashMap<>();
                sections.put(name, current);
                lastKey = null;
                continue;
            }
            if (current == null) {
                throw error(file, i, "a key before any [SECTION] header");
            }
            Matcher option = OPTION.matcher(line);
            if (!option.matches() || option.group(1).isEmpty()) {
                throw error(file, i, "expected key = value or key: value, found '" + line + "'");
            }
            String key = option.group(1).toLowerCase(Locale.ROOT);
            if (current.containsKey(key)) {
                throw error(file, i, "key '" + key + "' appears twice in its section");
            }
            current.put(key, option.group(2));
            lastKey = key;
        }
        return new DwhConfig(file, sections);
    }

    /**
     * The settings the seed's file carries, under the sparkfy.* property names ({@link PropertyNames}): [CLUSTER] HOST, DB_PORT,
     * DB_NAME make the Redshift URL; DB_USER, DB_PASSWORD log in; [IAM_ROLE] ARN; [S3] LOG_DATA, LOG_JSONPATH,
     * SONG_DATA. [AWS] and [DWH] are the cluster's own settings, read by the cluster goals.
     */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        String host = get("CLUSTER", "HOST");
        if (host != null && !host.isBlank()) {
            String port = get("CLUSTER", "DB_PORT");
            String db = get("CLUSTER", "DB_NAME");
            settings.put(PropertyNames.URL, "jdbc:redshift://" + host.strip() + ":"
                    + (port == null || port.isBlank() ? "5439" : port.strip()) + "/" + (db == null ? "dev" : db.strip()));
        }
        return putIfSet(settings, LOAD_KEYS);
    }

    /** {property, section, key}: the load goals' settings a dwh.cfg carries as they are. */
    private static final String[][] LOAD_KEYS = {
        {PropertyNames.USER, "CLUSTER", "DB_USER"}, {PropertyNames.PASSWORD, "CLUSTER", "DB_PASSWORD"},
        {PropertyNames.IAM_ROLE, "IAM_ROLE", "ARN"},
        {PropertyNames.LOG_DATA, "S3", "LOG_DATA"}, {PropertyNames.LOG_JSON_PATHS, "S3", "LOG_JSONPATH"},
        {PropertyNames.SONG_DATA, "S3", "SONG_DATA"}};

    /** {property, section, key}: the cluster goals' settings. */
    private static final String[][] CLUSTER_KEYS = {
        {PropertyNames.CLUSTER_TYPE, "DWH", "DWH_CLUSTER_TYPE"}, {PropertyNames.NUMBER_OF_NODES, "DWH", "DWH_NUM_NODES"},
        {PropertyNames.NODE_TYPE, "DWH", "DWH_NODE_TYPE"},
        {PropertyNames.CLUSTER_IDENTIFIER, "DWH", "DWH_CLUSTER_IDENTIFIER"},
        {PropertyNames.DB_NAME, "DWH", "DWH_DB"}, {PropertyNames.MASTER_USER, "DWH", "DWH_DB_USER"},
        {PropertyNames.MASTER_PASSWORD, "DWH", "DWH_DB_PASSWORD"}, {PropertyNames.PORT, "DWH", "DWH_PORT"},
        {PropertyNames.IAM_ROLE_NAME, "DWH", "DWH_IAM_ROLE_NAME"}, {PropertyNames.AWS_KEY, "AWS", "KEY"},
        {PropertyNames.AWS_SECRET, "AWS", "SECRET"}};

    /**
     * The cluster's settings from [DWH] and [AWS], under the names of the cluster goals' properties:
     * DWH_CLUSTER_TYPE, DWH_NUM_NODES, DWH_NODE_TYPE, DWH_CLUSTER_IDENTIFIER, DWH_DB, DWH_DB_USER,
     * DWH_DB_PASSWORD, DWH_PORT, DWH_IAM_ROLE_NAME; KEY and SECRET.
     */
    public Map<String, String> clusterSettings() {
        return putIfSet(new LinkedHashMap<>(), CLUSTER_KEYS);
    }

    /** Each {property, section, key} whose value is set, stripped, in table order. */
    private Map<String, String> putIfSet(Map<String, String> settings, String[][] keys) {
        for (String[] key : keys) {
            String value = get(key[1], key[2]);
            if (value != null && !value.isBlank()) {
                settings.put(key[0], value.strip());
            }
        }
        return settings;
    }

    /** The value of a key (any case) in a section, or null; interpolated and with one pair of quotes stripped. */
    public String get(String section, String key) {
        String name = key.toLowerCase(Locale.ROOT);
        String raw = raw(section, name);
        if (raw == null || !sections.containsKey(section) && !"DEFAULT".equals(section)) {
            return null;
        }
        return unquote(interpolate(section, raw, 0));
    }

    /** The uninterpolated value in the section, else in [DEFAULT] (configparser's fallback), else null. */
    private String raw(String section, String name) {
        Map<String, String> values = sections.getOrDefault(section, Map.of());
        return values.containsKey(name) ? values.get(name) : sections.getOrDefault("DEFAULT", Map.of()).get(name);
    }

    private String interpolate(String section, String value, int depth) {
        if (depth > 10) {
            throw new SparkfyException(file + ": [" + section + "] interpolation nests too deep (a loop?)");
        }
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("%%")) {
                replacement = "%";
            } else if (m.group(1) != null) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                String referenced = raw(section, name);
                if (referenced == null) {
                    throw new SparkfyException(file + ": [" + section + "] refers to %(" + name + ")s, which is not set");
                }
                replacement = interpolate(section, referenced, depth + 1);
            } else {
                throw new SparkfyException(file + ": [" + section + "] has a lone '%': write %% for a percent sign"
                        + " (configparser's rule)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '\'' || first == '"') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }

    private static SparkfyException error(String file, int index, String reason) {
        return new SparkfyException(file + ", line " + (index + 1) + ": " + reason);
    }
}
