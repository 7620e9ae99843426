package io.sparkfy.dw.copy.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.LoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;

/**
 * The general reader: Jackson's streaming parser, for any JSON and any paths (nested keys, array indexes,
 * structures loaded as text). It keeps, per record, only the values the paths select.
 */
final class JacksonRecordReader implements RecordReader {

    private final JsonFactory factory;
    private final PathTree tree;
    private final JsonRecord record;
    /** What to add to the parser's byte offsets for the file's: see {@link #goOn}. */
    private long baseOffset;
    private String file;
    private JsonParser parser;

    /** {@code record}: where each record goes, perhaps shared with a reader this one takes over from. */
    JacksonRecordReader(JsonFactory factory, PathTree tree, JsonRecord record) {
        this.factory = factory;
        this.tree = tree;
        this.record = record;
    }

    @Override
    public void open(InputStream in, String file) {
        start(file);
        try {
            parsing(factory.createParser(in), 0); // which reads the first bytes
        } catch (IOException e) {
            throw new LoadException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(byte[] bytes, int length, String file) throws IOException {
        start(file);
        parsing(factory.createParser(bytes, 0, length), 0);
    }

    private void start(String file) {
        this.file = file;
        record.startFile();
    }

    private void parsing(JsonParser parser, long offset) {
        this.parser = parser;
        baseOffset = offset;
    }

    /**
     * Goes on with a file another reader began and gave up on: {@code parser} reads what is left of it, its byte
     * 0 being the file's byte {@code offset}. The record keeps the place of the last one read, for errors before
     * the next. With {@code skipEmptyRecord}, the parser's input starts with an empty record to skip first.
     */
    void goOn(JsonParser parser, long offset, String file, boolean skipEmptyRecord) {
        this.file = file;
        parsing(parser, offset);
        try {
            if (skipEmptyRecord && (parser.nextToken() != JsonToken.START_OBJECT
                    || parser.nextToken() != JsonToken.END_OBJECT)) {
                throw new IllegalStateException("the padding's empty record did not parse");
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    @Override
    public boolean read(RecordSink sink) {
        while (next()) {
            if (!sink.accept(record)) {
                return true;
            }
        }
        return false;
    }

    private long offset(JsonLocation at) {
        return baseOffset + at.getByteOffset();
    }

    /** Reads the next record into the record holder; false at the end of the file. */
    private boolean next() {
        try {
            record.clearValues();
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            JsonLocation at = parser.currentTokenLocation();
            record.line = at.getLineNr();
            record.column = at.getColumnNr();
            record.start = offset(at);
            if (token == JsonToken.START_OBJECT) {
                readObject(tree);
            } else if (token == JsonToken.START_ARRAY && !tree.indexes.isEmpty()) {
                readArray(tree);
            } else {
                throw new LoadException(file, record.line, record.column, "expected a JSON object, found "
                        + describe(token) + (token == JsonToken.START_ARRAY
                        ? " (a top-level array needs a JSONPaths file that indexes it)" : ""));
            }
            record.end = offset(parser.currentLocation());
            return true;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    /** Malformed JSON (or invalid UTF-8) where the parser found it, else at the record being read. */
    private LoadException malformed(JsonProcessingException e) {
        return malformed(file, e, record.line, record.column);
    }

    static LoadException malformed(String file, JsonProcessingException e, long line, long column) {
        JsonLocation at = e.getLocation();
        String reason = e.getOriginalMessage().contains("Invalid UTF-8")
                ? "invalid UTF-8 (" + e.getOriginalMessage() + "); ACCEPTINVCHARS replaces such bytes"
                + " [Redshift load error 1220]"
                : "malformed JSON: " + e.getOriginalMessage();
        return new LoadException(file, at == null ? line : at.getLineNr(), at == null ? column : at.getColumnNr(),
                reason, e);
    }

    /** The stream failed: at the record being read, as the parser reports it. */
    private LoadException cannotRead(IOException e) {
        return new LoadException(file, record.line, record.column, "cannot read: " + e.getMessage(), e);
    }

    @Override
    public String rawText(RawTail raw, int max) {
        return raw.text(record.start, record.end, max);
    }

    private void readObject(PathTree node) throws IOException {
        // Records of one source repeat their keys in one order: the parser checks the key expected at each
        // position byte for byte (no symbol-table or map look-up), learning the order as it goes.
        for (int position = 0; ; position++) {
            PathTree child;
            boolean known = position < node.known();
            if (known && parser.nextFieldName(node.expectedAt(position))) {
                child = node.childAt(position);
            } else {
                JsonToken token = known ? parser.currentToken() : parser.nextToken();
                if (token == JsonToken.END_OBJECT) {
                    return;
                }
                if (token != JsonToken.FIELD_NAME) {
                    throw unexpectedEnd();
                }
                child = node.learn(position, parser.currentName());
            }
            parser.nextToken();
            visit(child);
        }
    }

    private void readArray(PathTree node) throws IOException {
        int index = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == null) {
                throw unexpectedEnd();
            }
            visit(node.indexes.get(index++));
        }
    }

    /** The parser is on a value; child is the tree node it falls under, or null when no path wants it. */
    private void visit(PathTree child) throws IOException {
        JsonToken value = parser.currentToken();
        if (value == null) {
            throw unexpectedEnd();
        }
        if (child == null) {
            parser.skipChildren();
        } else if (child.column >= 0) {
            capture(child.column, value);
        } else if (value == JsonToken.START_OBJECT) {
            readObject(child);
        } else if (value == JsonToken.START_ARRAY) {
            readArray(child);
        }
    }

    private void capture(int column, JsonToken value) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        record.lines[column] = at.getLineNr();
        record.columns[column] = at.getColumnNr();
        ValueKind[] kinds = record.kinds;
        Chars text = record.values[column];
        switch (value) {
            case VALUE_STRING: kinds[column] = ValueKind.STRING; copyText(text); break;
            case VALUE_NUMBER_INT: kinds[column] = ValueKind.INTEGER; copyText(text); break;
            case VALUE_NUMBER_FLOAT: kinds[column] = ValueKind.DECIMAL; copyText(text); break;
            case VALUE_TRUE: kinds[column] = ValueKind.BOOLEAN; text.set("true"); break;
            case VALUE_FALSE: kinds[column] = ValueKind.BOOLEAN; text.set("false"); break;
            case VALUE_NULL: kinds[column] = ValueKind.NULL; text.clear(); break;
            case START_OBJECT: case START_ARRAY:
                // An object or array selected by a path loads as its JSON text.
                StringWriter json = new StringWriter();
                try (JsonGenerator generator = factory.createGenerator(json)) {
                    generator.copyCurrentStructure(parser);
                }
                kinds[column] = ValueKind.STRUCTURE;
                text.set(json.toString());
                break;
            default:
                throw new LoadException(file, at.getLineNr(), at.getColumnNr(), "unexpected " + describe(value));
        }
    }

    /** The parser's own characters, without the String getText() would make. */
    private void copyText(Chars text) throws IOException {
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    private LoadException unexpectedEnd() {
        JsonLocation at = parser.currentLocation();
        return new LoadException(file, at.getLineNr(), at.getColumnNr(),
                "malformed JSON: the record that starts at line " + record.line + " is not complete");
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE: case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return token.asString() == null ? token.name() : "'" + token.asString() + "'";
        }
    }

    /** Closes the parser, and the stream under it. */
    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
    }
}
