package io.sparkfy.dw.copy.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.LoadException;
import io.sparkfy.dw.source.SourceObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSONPaths file, {@code {"jsonpaths": ["$['a']", "$.b.c", "$['d'][0]"]}}: one path per column, in column order.
 * Paths use bracket ({@code $['name']}) or dot ({@code $.name}) notation and array indexes ({@code [0]}).
 */
public record JsonPaths(String file, List<Path> paths) {

    /** One path: its text and its segments (a String key or an Integer index). */
    public record Path(String text, List<Object> segments) {
    }

    public static JsonPaths read(SourceObject object, JsonFactory factory) {
        String file = object.name();
        List<Path> paths = new ArrayList<>();
        try (InputStream in = object.open(); JsonParser parser = factory.createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw error(file, parser.currentTokenLocation(), "a JSONPaths file is a JSON object");
            }
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"jsonpaths".equals(key)) {
                    parser.skipChildren();
                    continue;
                }
                found = true;
                if (value != JsonToken.START_ARRAY) {
                    throw error(file, parser.currentTokenLocation(), "\"jsonpaths\" must be an array of strings");
                }
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    JsonLocation at = parser.currentTokenLocation();
                    if (parser.currentToken() != JsonToken.VALUE_STRING) {
                        throw error(file, at, "every JSONPath expression must be a string");
                    }
                    paths.add(parse(file, at, parser.getText()));
                }
            }
            if (!found) {
                throw new LoadException(file, 0, 0,
                        "the top-level key of a JSONPaths file must be \"jsonpaths\"");
            }
            if (paths.isEmpty()) {
                throw new LoadException(file, 0, 0, "the JSONPaths file lists no paths");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new LoadException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "malformed JSONPaths file: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new LoadException(file, 0, 0, "cannot read the JSONPaths file: " + e.getMessage(), e);
        }
        return new JsonPaths(file, List.copyOf(paths));
    }

    /** Parses {@code $['a']["b"].c[0]}; the error names the expression and the character that is wrong. */
    static Path parse(String file, JsonLocation at, String text) {
        List<Object> segments = new ArrayList<>();
        if (!text.startsWith("$")) {
            throw error(file, at, "JSONPath expression " + text + " must start with $");
        }
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    throw error(file, at, "JSONPath expression " + text + " has an empty name at " + i);
                }
                segments.add(text.substring(i + 1, end));
                i = end;
            } else if (c == '[' && i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
                char quote = text.charAt(i + 1);
                int end = text.indexOf(quote, i + 2);
                if (end < 0 || end + 1 >= text.length() || text.charAt(end + 1) != ']') {
                    throw error(file, at, "JSONPath expression " + text + " has an unterminated [" + quote + " at " + i);
                }
                segments.add(text.substring(i + 2, end));
                i = end + 2;
            } else if (c == '[') {
                int end = text.indexOf(']', i);
                String index = end < 0 ? "" : text.substring(i + 1, end);
                if (!index.matches("\\d{1,9}")) {
                    throw error(file, at, "JSONPath expression " + text + " has an invalid array index at " + i
                            + " (only [n] with a non-negative n is supported)");
                }
                segments.add(Integer.valueOf(index));
                i = end + 1;
            } else {
                throw error(file, at, "JSONPath expression " + text + " has an unexpected '" + c + "' at " + i);
            }
        }
        if (segments.isEmpty()) {
            throw error(file, at, "JSONPath expression " + text + " selects no value");
        }
        return new Path(text, List.copyOf(segments));
    }

    private static LoadException error(String file, JsonLocation at, String reason) {
        return new LoadException(file, at.getLineNr(), at.getColumnNr(), reason);
    }
}
