package io.sparkfy.dw.settings;

import java.util.Map;

/**
 * Where a setting comes from, in order of precedence: a {@code -Dsparkfy.*} property on the command line, then
 * the POM's configuration, then the {@code configFile} (the seed's dwh.cfg), then the goal's default. Maven alone
 * would let the POM win over {@code -D}; a data engineer expects the command line to win, as Flyway does.
 */
public final class SettingsLayers {

    private final Map<String, String> commandLine;
    private final Map<String, String> pom;
    private final Map<String, String> configFile;

    /** Each map is keyed by the property name without its {@code sparkfy.} prefix. */
    public SettingsLayers(Map<String, String> commandLine, Map<String, String> pom, Map<String, String> configFile) {
        this.commandLine = commandLine;
        this.pom = pom;
        this.configFile = configFile;
    }

    /** The value of the first layer that sets the key, or {@code fallback}. */
    public String get(String key, String fallback) {
        for (Map<String, String> layer : new Map[] {commandLine, pom, configFile}) {
            String value = layer.get(key);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return fallback;
    }

    public String get(String key) {
        return get(key, null);
    }

    /** The command line's value alone, for settings that outrank a more specific POM setting. */
    public String commandLine(String key) {
        return isSet(commandLine, key) ? commandLine.get(key).strip() : null;
    }

    /** Which layer a key's value comes from, for debug logs: never the value itself. */
    public String origin(String key) {
        if (isSet(commandLine, key)) {
            return "command line";
        }
        if (isSet(pom, key)) {
            return "POM";
        }
        return isSet(configFile, key) ? "config file" : "default";
    }

    private static boolean isSet(Map<String, String> layer, String key) {
        String value = layer.get(key);
        return value != null && !value.isBlank();
    }
}
