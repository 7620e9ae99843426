package io.sparkfy.dw.settings;

import io.sparkfy.dw.SparkfyException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a setting comes from, in order of precedence: a {@code -Dsparkfy.*} property on the command line, then a
 * source's own POM block ({@code <songs>}, {@code <events>}) when asked through {@link #source}, then the POM-wide
 * value, then the {@code configFile} (the seed's dwh.cfg), then the goal's default. Maven alone would let the POM
 * win over {@code -D}; a data engineer expects the command line to win, as Flyway does. Values are text up to here
 * and typed here, once: a bad value fails naming the property (or POM element) it came from.
 */
public final class SettingsLayers {

    /** One layer: what it is called in logs, how a bad value in it is named, and its values by property name. */
    private record Layer(String origin, String label, Map<String, String> values) {

        String value(String property) {
            String value = values.get(property);
            return value == null || value.isBlank() ? null : value.strip();
        }

        String where(String property) {
            return label == null ? property : label + "<" + property.substring(property.indexOf('.') + 1) + ">";
        }
    }

    /** A value and the name of the place it came from, for error messages. */
    private record Found(String value, String where) {
    }

    private final List<Layer> layers;

    private SettingsLayers(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** These layers with a source's own POM block (keyed by property name) just below the command line. */
    public SettingsLayers source(String element, Map<String, String> block) {
        List<Layer> withSource = new ArrayList<>(layers);
        withSource.add(1, new Layer("<" + element + "> block", "<" + element + ">", block));
        return new SettingsLayers(withSource);
    }

    /** These layers over {@code defaults} (keyed by property name), the last before a goal's own fallback. */
    public SettingsLayers over(String origin, Map<String, String> defaults) {
        List<Layer> withDefaults = new ArrayList<>(layers);
        withDefaults.add(new Layer(origin, origin + ": ", defaults));
        return new SettingsLayers(withDefaults);
    }

    /** The text of the first layer that sets the property, or {@code fallback}. */
    public String text(String property, String fallback) {
        Found found = find(property);
        return found == null ? fallback : found.value();
    }

    public String text(String property) {
        return text(property, null);
    }

    /** A whole number from {@code min} to {@code max}; unset: {@code fallback}. */
    public int integer(String property, int min, int max, int fallback) {
        Found found = find(property);
        if (found == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(found.value());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new SparkfyException(found.where() + " must be a whole number from " + min + " to " + max + ", not '"
                + found.value() + "'");
    }

    /** {@code true} or {@code false} (any case); unset: null, so that the caller's default (or AWS's) applies. */
    public Boolean bool(String property) {
        Found found = find(property);
        if (found == null) {
            return null;
        }
        switch (found.value().toLowerCase(Locale.ROOT)) {
            case "true": return Boolean.TRUE;
            case "false": return Boolean.FALSE;
            default: throw new SparkfyException(found.where() + " must be true or false, not '" + found.value()
                    + "'");
        }
    }

    /** A whole number of {@code unit}s, at least {@code min}; unset: {@code fallback}. */
    public Duration duration(String property, ChronoUnit unit, int min, Duration fallback) {
        Found found = find(property);
        if (found == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(found.value());
            if (value >= min && value <= Integer.MAX_VALUE) {
                return Duration.of(value, unit);
            }
        } catch (NumberFormatException e) {
            // the message below says what was expected
        }
        throw new SparkfyException(found.where() + " must be a whole number of " + unit.toString()
                .toLowerCase(Locale.ROOT) + " from " + min + ", not '" + found.value() + "'");
    }

    /**
     * A value of a type another package parses ({@code parse} throws {@link IllegalArgumentException} saying why a
     * value is refused); the failure names the property or POM element it came from. Unset: {@code fallback}.
     */
    public <T> T parsed(String property, Function<String, T> parse, T fallback) {
        Found found = find(property);
        if (found == null) {
            return fallback;
        }
        try {
            return parse.apply(found.value());
        } catch (IllegalArgumentException e) {
            throw new SparkfyException(found.where() + ": " + e.getMessage(), e);
        }
    }

    /** Which layer a property's value comes from, for debug logs: never the value itself. */
    public String origin(String property) {
        for (Layer layer : layers) {
            if (layer.value(property) != null) {
                return layer.origin();
            }
        }
        return "default";
    }

    private Found find(String property) {
        for (Layer layer : layers) {
            String value = layer.value(property);
            if (value != null) {
                return new Found(value, layer.where(property));
            }
        }
        return null;
    }

    /** The layers, each keyed by full property name ({@link PropertyNames}); an unset layer is empty. */
    public static final class Builder {

        private Map<String, String> commandLine = Map.of();
        private Map<String, String> pom = Map.of();
        private Map<String, String> configFile = Map.of();

        private Builder() {
        }

        public Builder commandLine(Map<String, String> values) {
            this.commandLine = values;
            return this;
        }

        public Builder pom(Map<String, String> values) {
            this.pom = values;
            return this;
        }

        public Builder configFile(Map<String, String> values) {
            this.configFile = values;
            return this;
        }

        public SettingsLayers build() {
            return new SettingsLayers(List.of(new Layer("command line", null, commandLine),
                    new Layer("POM", null, pom), new Layer("config file", null, configFile)));
        }
    }
}
