package io.sparkfy.dw.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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

    /**
     * The manifest that names exactly {@code objects}, as AWS documents it for COPY ... MANIFEST: each entry's
     * {@code url} is the object's {@code s3://bucket/key}, {@code mandatory} (a missing object fails the COPY rather
     * than loading less), and {@code meta.content_length} its size in bytes. One entry a line, in the given order.
     */
    public static String json(List<SourceObject> objects) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.setRootValueSeparator(null); // the entries are written as root values: no space between them
            json.writeRaw("{\"entries\":[");
            for (int i = 0; i < objects.size(); i++) {
                SourceObject object = objects.get(i);
                json.writeRaw(i == 0 ? "\n  " : ",\n  ");
                json.writeStartObject();
                json.writeStringField("url", object.name());
                json.writeBooleanField("mandatory", true);
                json.writeObjectFieldStart("meta");
                json.writeNumberField("content_length", object.size());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeRaw("\n]}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
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
