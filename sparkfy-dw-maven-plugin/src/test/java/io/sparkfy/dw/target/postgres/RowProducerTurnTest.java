package io.sparkfy.dw.target.postgres;

import static io.sparkfy.dw.testing.Waits.await;
import static io.sparkfy.dw.testing.Waits.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import io.sparkfy.dw.Log;
import io.sparkfy.dw.copy.CopyOptions;
import io.sparkfy.dw.copy.LoadLedger;
import io.sparkfy.dw.copy.convert.Column;
import io.sparkfy.dw.copy.json.PathTree;
import io.sparkfy.dw.source.Source;
import io.sparkfy.dw.source.SourceObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With too few cores, a later table parses only while the table being loaded has rows waiting for the server, or
 * is done: it must not take the core the COPY's own parser needs. The tests wait on events; the timeout only
 * turns a hang into a failure.
 */
class RowProducerTurnTest {

    private static final List<Column> COLUMNS = List.of(new Column("a", Column.Type.INTEGER, 0, 0, 0, true));

    private static final class Memory implements Source {
        @Override
        public String location() {
            return "memory";
        }

        @Override
        public List<SourceObject> list() {
            return List.of();
        }
    }

    private static SourceObject file(String name, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new SourceObject() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private static RowProducer producer(String table, Callable<List<SourceObject>> listing) {
        Callable<LoadLedger.Batch> batch = () -> LoadLedger.none().select(listing.call(), Map.of());
        return new RowProducer(new JsonFactory(), table, new Memory(), batch, "memory",
                PathTree.auto(Column.names(COLUMNS), false), COLUMNS, CopyOptions.auto(), new LoadErrors(table, 0), Log.silent(),
                System.nanoTime());
    }

    @Test
    void aLaterTableWaitsUntilTheEarlierOneIsAheadOrDone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RowProducer earlier = producer("first", () -> {
            await(release, "the test never released the first table's listing");
            return List.of(file("a.json", "{\"a\": 1}"));
        });
        CountDownLatch listed = new CountDownLatch(1);
        RowProducer later = producer("second", () -> {
            listed.countDown();
            return List.of(file("b.json", "{\"a\": 2}"));
        });
        later.yieldTo(List.of(earlier));
        CountDownLatch waited = new CountDownLatch(1);
        later.whenWaitingTurn(() -> {
            waited.countDown();
            Thread.yield();
        });
        Thread first = new Thread(earlier);
        Thread second = new Thread(later);
        first.start();
        second.start();

        // The earlier table has made no rows yet: the later one waits its turn, and has not even listed its files.
        await(waited, "the later table never waited for its turn");
        assertEquals(1, listed.getCount(), "listed while the table before had no rows waiting");
        release.countDown();
        await(listed, "the later table never listed its files"); // the table before is done: the later one goes on

        assertEquals(2 + 4 + 4, earlier.take().length(), "one row: field count, length, value");
        assertNull(earlier.take());
        assertEquals(2 + 4 + 4, later.take().length());
        assertNull(later.take());
        join(first, "the first producer did not end");
        join(second, "the second producer did not end");
    }

    @Test
    void aQueueIsAheadWithRowsWaitingForAReaderOrWhenNoMoreCome() throws Exception {
        ChunkQueue queue = ChunkQueue.builder().chunksAhead(4).memoryBudget(1 << 20).spillBudget(1 << 20).chunkSize(16)
                .build();
        assertFalse(queue.ahead(2), "nothing yet");
        queue.put(new ChunkQueue.Chunk(new byte[16], 16));
        queue.put(new ChunkQueue.Chunk(new byte[16], 16));
        queue.put(new ChunkQueue.Chunk(new byte[16], 16));
        assertFalse(queue.ahead(2), "rows parsed ahead, but no COPY reads them yet: that table waits its turn too");
        queue.take();
        assertTrue(queue.ahead(2), "a COPY reads, and two chunks wait for it");
        queue.take();
        assertFalse(queue.ahead(2), "one chunk waits: its parser needs the core");
        queue.end();
        assertTrue(queue.ahead(2), "no more rows will come");
    }
}
