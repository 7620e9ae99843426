package io.sparkfy.dw.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The results as the build's record, in the reports folder beside the JUnit XML: {@code check-results.json}, which
 * the report goal reads to show the last checks, and the XML itself. Files of the build, not a table: the check
 * goal changes nothing in the warehouse, so it runs with read-only credentials too.
 */
public final class CheckResultsFile {

    public static final String JSON = "check-results.json";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private CheckResultsFile() {
    }

    /** Writes the JUnit XML and the JSON into {@code folder} (each replaced whole); returns the XML's path. */
    public static Path write(CheckReport report, Path folder) {
        Path xml = folder.resolve(JUnitXml.FILE);
        try {
            Files.createDirectories(folder);
            writeAtomically(xml, JUnitXml.render(report));
            writeAtomically(folder.resolve(JSON), json(report));
        } catch (IOException e) {
            throw new SparkfyException("check: cannot write the results into " + folder + ": " + e.getMessage(), e);
        }
        return xml;
    }

    static String json(CheckReport report) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON_FACTORY.createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("generated", report.started().toString());
            json.writeStringField("warehouse", report.warehouse());
            json.writeStringField("sqlVersion", report.sqlVersion());
            json.writeStringField("pluginVersion", report.pluginVersion());
            json.writeNumberField("millis", report.millis());
            json.writeStringField("counts", report.counts());
            json.writeArrayFieldStart("checks");
            for (CheckResult result : report.results()) {
                json.writeStartObject();
                json.writeStringField("name", result.check().name());
                json.writeStringField("origin", result.check().origin());
                json.writeBooleanField("shipped", result.check().shipped());
                json.writeStringField("kind", result.check().kind());
                json.writeStringField("description", result.check().description());
                json.writeStringField("status", result.status().name().toLowerCase(java.util.Locale.ROOT));
                json.writeNumberField("failingRows", result.failingRows());
                json.writeStringField("detail", result.detail());
                json.writeNumberField("millis", result.millis());
                json.writeArrayFieldStart("columns");
                for (String column : result.sample().columns()) {
                    json.writeString(column);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("sample");
                for (List<String> row : result.sample().rows()) {
                    json.writeStartArray();
                    for (String value : row) {
                        json.writeString(value);
                    }
                    json.writeEndArray();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return out + "\n";
    }

    /** The last results in {@code folder}, or null when there are none; a file that is not ours fails clearly. */
    public static LastChecks read(Path folder) {
        Path file = folder.resolve(JSON);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (JsonParser json = JSON_FACTORY.createParser(Files.readString(file, StandardCharsets.UTF_8))) {
            String generated = null;
            String warehouse = null;
            String counts = null;
            List<LastChecks.Row> rows = new ArrayList<>();
            expect(json.nextToken(), JsonToken.START_OBJECT, file);
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "generated" -> generated = json.getValueAsString();
                    case "warehouse" -> warehouse = json.getValueAsString();
                    case "counts" -> counts = json.getValueAsString();
                    case "checks" -> {
                        expect(value, JsonToken.START_ARRAY, file);
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            rows.add(row(json));
                        }
                    }
                    default -> json.skipChildren();
                }
            }
            return new LastChecks(generated, warehouse, counts, rows);
        } catch (IOException e) {
            throw new SparkfyException("report: cannot read the last check results " + file + ": " + e.getMessage(),
                    e);
        }
    }

    private static LastChecks.Row row(JsonParser json) throws IOException {
        String name = null;
        String status = null;
        long failing = 0;
        String kind = null;
        String description = null;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String field = json.currentName();
            json.nextToken();
            switch (field) {
                case "name" -> name = json.getValueAsString();
                case "status" -> status = json.getValueAsString();
                case "failingRows" -> failing = json.getValueAsLong();
                case "kind" -> kind = json.getValueAsString();
                case "description" -> description = json.getValueAsString();
                default -> json.skipChildren();
            }
        }
        return new LastChecks.Row(name, status, failing, kind, description);
    }

    private static void expect(JsonToken token, JsonToken expected, Path file) throws IOException {
        if (token != expected) {
            throw new IOException(file + " is not a check-results file (expected " + expected + ", found " + token
                    + ")");
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
