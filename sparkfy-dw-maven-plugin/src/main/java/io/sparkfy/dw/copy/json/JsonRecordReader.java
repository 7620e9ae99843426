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
import java.io.SequenceInputStream;
import java.io.StringWriter;
import java.util.Arrays;

/**
 * Streams the records of data files, one file at a time ({@link #open}; the per-column state serves every file
 * of a load, since a song folder holds 100,000 of them): whitespace-separated JSON objects (one per line, several
 * per line, or pretty-printed over lines). For each record it keeps, per column, the kind and text of the value
 * its path selects and where that value starts; nothing else of the record is kept.
 *
 * <p>Flat records (every wanted value a top-level key's) are read by a {@link FlatJsonScanner}; the Jackson parser
 * reads everything else, and takes over from the scanner wherever it meets something it does not handle.
 */
public final class JsonRecordReader implements AutoCloseable {

    public final ValueKind[] kinds;
    /** Each column's value text (empty for MISSING and NULL). */
    public final Chars[] values;
    public final long[] lines;
    public final long[] columns;
    private final JsonFactory factory;
    private final PathTree tree;
    /** The fast path for flat records, or null when the paths need the general parser. */
    private final FlatJsonScanner scanner;
    private boolean scanning;
    /** What to add to the parser's byte offsets for the file's: see {@link #parseRest()}. */
    private long baseOffset;
    /** Whether the scanner gave a record in this file. */
    private boolean scannedAny;
    private String file;
    private JsonParser parser;
    private long recordLine;
    private long recordColumn;
    private long recordStart;
    private long recordEnd;

    public JsonRecordReader(JsonFactory factory, PathTree tree, int columnCount) {
        this(factory, tree, columnCount, FlatJsonScanner.BUFFER);
    }

    /**
     * For tests: {@code scanBuffer} how much the scanner reads ahead (a few bytes cut records at every place), or
     * 0 for the general parser alone, the reference the scanner is tested against.
     */
    JsonRecordReader(JsonFactory factory, PathTree tree, int columnCount, int scanBuffer) {
        this.factory = factory;
        this.tree = tree;
        this.kinds = new ValueKind[columnCount];
        this.values = new Chars[columnCount];
        for (int i = 0; i < columnCount; i++) {
            values[i] = new Chars();
        }
        this.lines = new long[columnCount];
        this.columns = new long[columnCount];
        this.scanner = scanBuffer > 0 && FlatJsonScanner.handles(tree)
                ? new FlatJsonScanner(tree, kinds, values, lines, columns, scanBuffer) : null;
    }

    /** Starts on the next file; {@link #close()} ends it. */
    public JsonRecordReader open(InputStream in, String file) throws IOException {
        start(file);
        if (scanner != null) {
            scanner.open(in);
            return scanning();
        }
        try {
            return parsing(factory.createParser(in), 0); // which reads the first bytes
        } catch (IOException e) {
            throw new LoadException(file, 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Starts on the next file, held whole in memory: parsed in place, without the copy into the parser's buffer
     * and the encoding detection a stream goes through (a song folder's 100,000 files pay that each).
     */
    public JsonRecordReader open(byte[] bytes, int length, String file) throws IOException {
        start(file);
        if (scanner != null) {
            scanner.open(bytes, length);
            return scanning();
        }
        return parsing(factory.createParser(bytes, 0, length), 0);
    }

    private void start(String file) {
        this.file = file;
        recordLine = 0; // a file that fails before its first record names no place in it
        recordColumn = 0;
        scannedAny = false;
    }

    private JsonRecordReader scanning() {
        parser = null;
        scanning = true;
        return this;
    }

    private JsonRecordReader parsing(JsonParser parser, long offset) {
        this.parser = parser;
        scanning = false;
        baseOffset = offset;
        return this;
    }

    private void takeScannedRecord() {
        scannedAny = true;
        recordLine = scanner.recordLine;
        recordColumn = scanner.recordColumn;
        recordStart = scanner.recordStart;
        recordEnd = scanner.recordEnd;
    }

    /**
     * The parser goes on from the record the scanner gave up on. It first reads a newline per line and a space per
     * column before that place, so that every line and column it reports, in its messages too, is the file's; and,
     * when records came before, an empty one it skips, so that its last token is a record's end, as it would be
     * (its end-of-input messages name it).
     */
    private void parseRest() throws IOException {
        long at = scanner.stoppedAt();
        long lines = scanner.stoppedLine() - 1;
        long columns = at - scanner.stoppedLineStart();
        Padding padding = new Padding(scannedAny, lines, scannedAny && lines == 0 ? columns - 2 : columns);
        long base = at - padding.length(); // before the parser, which reads as it opens
        parsing(factory.createParser(new SequenceInputStream(padding, scanner.rest())), base);
        if (scannedAny && (parser.nextToken() != JsonToken.START_OBJECT
                || parser.nextToken() != JsonToken.END_OBJECT)) {
            throw new IllegalStateException("the padding's empty record did not parse");
        }
    }

    /** Optionally "{}", then {@code lines} newlines, then {@code columns} spaces. */
    private static final class Padding extends InputStream {
        private int record;
        private long lines;
        private long columns;

        Padding(boolean record, long lines, long columns) {
            this.record = record ? 2 : 0;
            this.lines = lines;
            this.columns = columns;
        }

        /** The bytes it will give (before any are read). */
        long length() {
            return record + lines + columns;
        }

        @Override
        public int read() {
            if (record > 0) {
                return record-- == 2 ? '{' : '}';
            }
            if (lines > 0) {
                lines--;
                return '\n';
            }
            if (columns > 0) {
                columns--;
                return ' ';
            }
            return -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (record > 0) {
                buffer[offset] = (byte) read();
                return 1;
            }
            long left = lines > 0 ? lines : columns;
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, lines > 0 ? (byte) '\n' : (byte) ' ');
            if (lines > 0) {
                lines -= n;
            } else {
                columns -= n;
            }
            return n;
        }
    }

    private long offset(JsonLocation at) {
        return baseOffset + at.getByteOffset();
    }

    /** Reads the next record; false at the end of the file. Malformed JSON is a LoadException with its place. */
    public boolean next() {
        try {
            if (scanning) {
                switch (scanner.next()) {
                    case RECORD:
                        takeScannedRecord();
                        return true;
                    case END:
                        return false;
                    default:
                        parseRest(); // and the parser reads on below
                }
            }
            Arrays.fill(kinds, ValueKind.MISSING);
            JsonToken token = parser.nextToken();
            if (token == null) {
                return false;
            }
            JsonLocation at = parser.currentTokenLocation();
            recordLine = at.getLineNr();
            recordColumn = at.getColumnNr();
            recordStart = offset(at);
            if (token == JsonToken.START_OBJECT) {
                readObject(tree);
            } else if (token == JsonToken.START_ARRAY && !tree.indexes.isEmpty()) {
                readArray(tree);
            } else {
                throw new LoadException(file, recordLine, recordColumn, "expected a JSON object, found "
                        + describe(token) + (token == JsonToken.START_ARRAY
                        ? " (a top-level array needs a JSONPaths file that indexes it)" : ""));
            }
            recordEnd = offset(parser.currentLocation());
            return true;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String reason = e.getOriginalMessage().contains("Invalid UTF-8")
                    ? "invalid UTF-8 (" + e.getOriginalMessage() + "); ACCEPTINVCHARS replaces such bytes"
                    + " [Redshift load error 1220]"
                    : "malformed JSON: " + e.getOriginalMessage();
            throw new LoadException(file, at == null ? recordLine : at.getLineNr(),
                    at == null ? recordColumn : at.getColumnNr(), reason, e);
        } catch (IOException e) {
            // The record being read when the stream failed, as the parser reports it: the scanner's own.
            throw new LoadException(file, scanning ? scanner.recordLine : recordLine,
                    scanning ? scanner.recordColumn : recordColumn, "cannot read: " + e.getMessage(), e);
        }
    }

    public long recordLine() {
        return recordLine;
    }

    public long recordColumn() {
        return recordColumn;
    }

    /** Byte offsets of the record in the (decompressed) file: its size, and where its raw text is. */
    public long recordStart() {
        return recordStart;
    }

    public long recordEnd() {
        return recordEnd;
    }

    /**
     * Up to {@code max} bytes of the record's raw text (STL_LOAD_ERRORS.raw_line): from the scanner's buffer for
     * a record it read, else from {@code raw}, the window of recent bytes under the parser; null when gone.
     */
    public String rawText(RawTail raw, int max) {
        return scanning ? scanner.recordText(max) : raw.text(recordStart, recordEnd, max);
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
        lines[column] = at.getLineNr();
        columns[column] = at.getColumnNr();
        switch (value) {
            case VALUE_STRING: kinds[column] = ValueKind.STRING; copyText(column); break;
            case VALUE_NUMBER_INT: kinds[column] = ValueKind.INTEGER; copyText(column); break;
            case VALUE_NUMBER_FLOAT: kinds[column] = ValueKind.DECIMAL; copyText(column); break;
            case VALUE_TRUE: kinds[column] = ValueKind.BOOLEAN; values[column].set("true"); break;
            case VALUE_FALSE: kinds[column] = ValueKind.BOOLEAN; values[column].set("false"); break;
            case VALUE_NULL: kinds[column] = ValueKind.NULL; values[column].clear(); break;
            case START_OBJECT: case START_ARRAY:
                // An object or array selected by a path loads as its JSON text.
                StringWriter json = new StringWriter();
                try (JsonGenerator generator = factory.createGenerator(json)) {
                    generator.copyCurrentStructure(parser);
                }
                kinds[column] = ValueKind.STRUCTURE;
                values[column].set(json.toString());
                break;
            default:
                throw new LoadException(file, at.getLineNr(), at.getColumnNr(), "unexpected " + describe(value));
        }
    }

    /** The parser's own characters, without the String getText() would make. */
    private void copyText(int column) throws IOException {
        values[column].set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    private LoadException unexpectedEnd() {
        JsonLocation at = parser.currentLocation();
        return new LoadException(file, at.getLineNr(), at.getColumnNr(),
                "malformed JSON: the record that starts at line " + recordLine + " is not complete");
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

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close(); // and the stream under it
        } else if (scanner.stream() != null) {
            scanner.stream().close();
        }
    }
}
