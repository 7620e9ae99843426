package io.sparkfy.dw.generate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;

/** The two JSON styles of the public sample, and the text of its decimal numbers. */
final class SampleJson {

    /** Song files come from Python json.dumps: \\u00e8-style lowercase escapes, "/" as is (separators: see below). */
    static final JsonFactory SONG_FILES = new JsonFactoryBuilder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .build();

    /** Event logs are compact, one object a line, "/" escaped as "\/" and non-ASCII as lowercase \\u escapes. */
    static final JsonFactory EVENT_LOGS = new JsonFactoryBuilder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
            .rootValueSeparator("\n")
            .build();

    private SampleJson() {
    }

    /** Python json.dumps default separators (", " and ": ") on one line. */
    static final class PythonSeparators extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }
    }

    static void writeNumberOrNull(JsonGenerator g, String number) throws IOException {
        if (number == null) {
            g.writeNull();
        } else {
            g.writeNumber(number);
        }
    }

    static void writeStringOrNull(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    /** Fixed 5-decimal value printed like Python's repr: trailing zeros dropped, at least one decimal. */
    static String decimal5(long units) {
        StringBuilder b = new StringBuilder(16);
        if (units < 0) {
            b.append('-');
            units = -units;
        }
        b.append(units / 100_000).append('.');
        long frac = units % 100_000;
        if (frac == 0) {
            return b.append('0').toString();
        }
        String f = Long.toString(100_000 + frac).substring(1);
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return b.append(f, 0, end).toString();
    }
}
