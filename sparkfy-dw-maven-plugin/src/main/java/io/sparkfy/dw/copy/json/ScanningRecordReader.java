package io.sparkfy.dw.copy.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.sparkfy.dw.LoadException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Flat records through the {@link FlatJsonScanner}, and the rest of a file through the general parser from the
 * record the scanner gave up on, so that every error still comes from the parser, with the same file, line and
 * column. The two write into one {@link JsonRecord}.
 */
final class ScanningRecordReader implements RecordReader {

    private final JsonFactory factory;
    private final JsonRecord record;
    private final FlatJsonScanner scanner;
    private final JacksonRecordReader parser;
    /** False once the parser took over the file. */
    private boolean scanning;
    /** Whether the scanner gave a record in this file. */
    private boolean scannedAny;
    private String file;

    /** {@code scanBuffer}: how much the scanner reads ahead (tests cut records at every place with a few bytes). */
    ScanningRecordReader(JsonFactory factory, PathTree tree, int columnCount, int scanBuffer) {
        this.factory = factory;
        this.record = new JsonRecord(columnCount);
        this.scanner = new FlatJsonScanner(tree, record, scanBuffer);
        this.parser = new JacksonRecordReader(factory, tree, record);
    }

    @Override
    public void open(InputStream in, String file) {
        start(file);
        scanner.open(in);
    }

    @Override
    public void open(byte[] bytes, int length, String file) {
        start(file);
        scanner.open(bytes, length);
    }

    private void start(String file) {
        this.file = file;
        record.startFile();
        scannedAny = false;
        scanning = true;
    }

    @Override
    public boolean read(RecordSink sink) {
        while (scanning) {
            switch (scan()) {
                case RECORD:
                    scannedAny = true;
                    if (!sink.accept(record)) {
                        return true;
                    }
                    break;
                case END:
                    return false;
                default:
                    parseRest();
            }
        }
        return parser.read(sink);
    }

    private FlatJsonScanner.Result scan() {
        try {
            return scanner.next();
        } catch (JsonProcessingException e) {
            throw JacksonRecordReader.malformed(file, e, record.line, record.column);
        } catch (IOException e) {
            throw cannotRead(e);
        }
    }

    /** The stream failed under the scanner: at the record it was reading, as the parser would report it. */
    private LoadException cannotRead(IOException e) {
        return new LoadException(file, scanner.recordLine, scanner.recordColumn, "cannot read: " + e.getMessage(), e);
    }

    /**
     * The parser goes on from the record the scanner gave up on. It first reads a newline per line and a space per
     * column before that place, so that every line and column it reports, in its messages too, is the file's; and,
     * when records came before, an empty one it skips, so that its last token is a record's end, as it would be
     * (its end-of-input messages name it).
     */
    private void parseRest() {
        long at = scanner.stoppedAt();
        long lines = scanner.stoppedLine() - 1;
        long columns = at - scanner.stoppedLineStart();
        Padding padding = new Padding(scannedAny, lines, scannedAny && lines == 0 ? columns - 2 : columns);
        long base = at - padding.length(); // before the parser, which reads as it opens
        JsonParser rest;
        try {
            rest = factory.createParser(new SequenceInputStream(padding, scanner.rest()));
        } catch (JsonProcessingException e) {
            throw JacksonRecordReader.malformed(file, e, record.line, record.column);
        } catch (IOException e) {
            throw cannotRead(e);
        }
        scanning = false;
        parser.goOn(rest, base, file, scannedAny);
    }

    @Override
    public String rawText(RawTail raw, int max) {
        return scanning ? scanner.recordText(max) : parser.rawText(raw, max);
    }

    @Override
    public void close() throws IOException {
        if (!scanning) {
            parser.close(); // and the stream under it
        } else if (scanner.stream() != null) {
            scanner.stream().close();
        }
    }
}
