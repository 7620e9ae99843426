package io.sparkfy.dw.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * COPY's MANIFEST: the FROM location is a JSON file listing the data files,
 * {@code {"entries": [{"url": "s3://bucket/key", "mandatory": true}, ...]}}. A missing mandatory file fails the load;
 * a missing optional one is skipped with a warning. URLs may also be local paths for the embedded warehouse.
 */
public final class Manifest {

    private Manifest() {
    }

    /**
     * The files the manifest names, each checked to exist, in manifest order; looked up through {@code source}
     * (the manifest's own location, open for the load) so S3 entries share its client.
     */
    public static List<SourceObject> objects(SourceObject manifest, Source source, Sources sources, String region,
                                             Log log) {
        List<SourceObject> objects = new ArrayList<>();
        for (Entry entry : entries(manifest)) {
            try {
                objects.add(source.single(entry.url, sources, region));
            } catch (SparkfyException e) {
                if (entry.mandatory) {
                    throw new SparkfyException(manifest.name() + ": mandatory file " + entry.url
                            + " cannot be loaded: " + e.getMessage(), e);
                }
                log.warn(manifest.name() + ": skipping optional file " + entry.url + ": " + e.getMessage());
            }
        }
        if (objects.isEmpty()) {
            throw new SparkfyException(manifest.name() + ": the manifest names no file that can be loaded");
        }
        return objects;
    }

    private record Entry(String url, boolean mandatory) {
    }

    private static List<Entry> entries(SourceObject manifest) {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = manifest.open(); JsonParser parser = new JsonFactory().createParser(in)) {
            expect(parser, parser.nextToken() == JsonToken.START_OBJECT, manifest, "a manifest is a JSON object");
            boolean found = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"entries".equals(key)) {
                    parser.skipChildren();
                    continue;
                }
                found = true;
                expect(parser, value == JsonToken.START_ARRAY, manifest, "\"entries\" must be an array");
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    String url = null;
                    boolean mandatory = false;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String field = parser.currentName();
                        JsonToken token = parser.nextToken();
                        if ("url".equals(field) && token == JsonToken.VALUE_STRING) {
                            url = parser.getText();
                        } else if ("mandatory".equals(field) && token.isBoolean()) {
                            mandatory = token == JsonToken.VALUE_TRUE;
                        } else {
                            parser.skipChildren(); // "meta" (content_length) and the like
                        }
                    }
                    expect(parser, url != null, manifest, "every entry needs a \"url\" string");
                    entries.add(new Entry(url, mandatory));
                }
            }
            expect(parser, found, manifest, "a manifest needs an \"entries\" array");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new SparkfyException(manifest.name() + (at == null ? "" : ", line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": malformed manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SparkfyException(manifest.name() + ": cannot read the manifest: " + e.getMessage(), e);
        }
        return entries;
    }

    private static void expect(JsonParser parser, boolean condition, SourceObject manifest, String reason) {
        if (!condition) {
            JsonLocation at = parser.currentTokenLocation();
            throw new SparkfyException(manifest.name() + ", line " + at.getLineNr() + ", column " + at.getColumnNr()
                    + ": " + reason);
        }
    }
}
