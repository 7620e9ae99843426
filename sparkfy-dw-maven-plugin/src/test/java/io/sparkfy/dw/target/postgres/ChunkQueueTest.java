package io.sparkfy.dw.target.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static io.sparkfy.dw.testing.Waits.await;
import static io.sparkfy.dw.testing.Waits.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The tests wait on the queue's own events; the timeout only turns a hang into a failure. */
class ChunkQueueTest {

    /** A chunk in an array larger than its length, as the parser hands them over. */
    private static ChunkQueue.Chunk chunk(int id, int size) {
        byte[] bytes = new byte[size + 7];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (id * 31 + i);
        }
        return new ChunkQueue.Chunk(bytes, size);
    }

    private static byte[] content(int id, int size) {
        return java.util.Arrays.copyOf(chunk(id, size).bytes(), size);
    }

    private static ChunkQueue.Builder queue(int chunksAhead, long memoryBudget, long spillBudget, int chunkSize) {
        return ChunkQueue.builder().chunksAhead(chunksAhead).memoryBudget(memoryBudget).spillBudget(spillBudget)
                .chunkSize(chunkSize);
    }

    private static byte[] content(ChunkQueue.Chunk chunk) {
        return java.util.Arrays.copyOf(chunk.bytes(), chunk.length());
    }

    @Test
    void beforeTheConsumerReadsChunksGoPastMemoryIntoAFileAndComeBackInOrder() throws Exception {
        Path file;
        try (ChunkQueue queue = queue(2, 3_000, 1 << 20, 64).build()) {
            for (int i = 0; i < 10; i++) {
                queue.put(chunk(i, 1_000)); // never blocks: 3 in memory, 7 in the file
            }
            file = queue.spillFile();
            assertNotNull(file, "past the memory budget the chunks went to a file");
            assertEquals(7, queue.spilledChunks());
            assertEquals(7_000, queue.spilledBytes());
            queue.end();
            for (int i = 0; i < 10; i++) {
                assertArrayEquals(content(i, 1_000), content(queue.take()), "chunk " + i);
            }
            assertNull(queue.take());
        }
        assertFalse(Files.exists(file), "the file is gone (on Linux the JDK unlinks it as soon as it is open)");
    }

    @Test
    void chunksPutWhileTheFileDrainsFollowItAndLaterOnesUseMemoryAgain() throws Exception {
        try (ChunkQueue queue = queue(2, 1_000, 1 << 20, 64).build()) {
            queue.put(chunk(0, 1_000));
            queue.put(chunk(1, 1_000)); // file
            assertArrayEquals(content(0, 1_000), content(queue.take())); // the consumer now reads
            queue.put(chunk(2, 1_000)); // the file is not drained: after chunk 1, in the file
            assertArrayEquals(content(1, 1_000), content(queue.take()));
            assertArrayEquals(content(2, 1_000), content(queue.take()));
            queue.put(chunk(3, 1_000)); // drained: memory again
            queue.end();
            assertArrayEquals(content(3, 1_000), content(queue.take()));
            assertNull(queue.take());
        }
    }

    @Test
    void onceTheConsumerReadsTheProducerWaitsForItInsteadOfSpilling() throws Exception {
        CountDownLatch waits = new CountDownLatch(1);
        ChunkQueue queue = queue(2, 1 << 20, 1 << 20, 64).whenPutWaits(waits::countDown).build();
        Thread consumerStarted = new Thread(() -> {
            try {
                queue.take();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        queue.put(chunk(0, 10));
        consumerStarted.start();
        join(consumerStarted, "the consumer never took chunk 0"); // took chunk 0: the consumer is reading now
        queue.put(chunk(1, 10));
        queue.put(chunk(2, 10));
        AtomicInteger put = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                queue.put(chunk(3, 10));
                put.incrementAndGet();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        await(waits, "the third put never waited"); // two chunks ahead: the third put waits
        assertNull(queue.spillFile(), "and nothing was written to a file");
        assertArrayEquals(content(1, 10), content(queue.take()));
        join(producer, "the put did not return after a take"); // a take makes room
        assertEquals(1, put.get());
        assertEquals(0, queue.spilledChunks());
        queue.close();
    }

    @Test
    void aTemporaryFileThatCannotBeWrittenIsAClearError(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        Path missing = folder.resolve("no-such-folder");
        try (ChunkQueue queue = queue(2, 100, 1 << 20, 64).spillFolder(missing).build()) {
            queue.put(chunk(0, 100)); // fits in memory
            io.sparkfy.dw.SparkfyException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.sparkfy.dw.SparkfyException.class, () -> queue.put(chunk(1, 100)));
            assertTrue(e.getMessage().startsWith("cannot write rows parsed ahead to a temporary file in " + missing),
                    e.getMessage());
            assertTrue(e.getMessage().contains("list the largest source first"), e.getMessage());
        }
    }

    @Test
    void writtenArraysComeBackAsSpares() throws Exception {
        try (ChunkQueue queue = queue(2, 1 << 20, 1 << 20, 64).build()) {
            byte[] fresh = queue.spare();
            assertEquals(64, fresh.length, "none written yet: a new one");
            ChunkQueue.Chunk chunk = new ChunkQueue.Chunk(fresh, 10);
            queue.put(chunk);
            queue.recycle(queue.take());
            assertSame(fresh, queue.spare(), "the written one is used again");
        }
    }

    @Test
    void aFailureReachesTheConsumerBeforeChunksStillQueued() throws Exception {
        try (ChunkQueue queue = queue(2, 1 << 20, 1 << 20, 64).build()) {
            queue.put(chunk(0, 10));
            IllegalStateException failure = new IllegalStateException("bad file");
            queue.fail(failure);
            assertSame(failure, assertThrows(IllegalStateException.class, queue::take));
            assertSame(failure, assertThrows(IllegalStateException.class, queue::throwIfFailed));
        }
    }

    @Test
    void anErrorOnTheParsingThreadIsRethrownAsItIs() throws Exception {
        try (ChunkQueue queue = queue(2, 1 << 20, 1 << 20, 64).build()) {
            queue.throwIfFailed(); // nothing failed yet
            StackOverflowError failure = new StackOverflowError("deep");
            queue.fail(failure);
            assertSame(failure, assertThrows(StackOverflowError.class, queue::take));
            assertSame(failure, assertThrows(StackOverflowError.class, queue::throwIfFailed));
        }
    }

    @Test
    void pastTheFileBudgetTheProducerWaitsAndCloseReleasesIt() throws Exception {
        CountDownLatch waits = new CountDownLatch(1);
        ChunkQueue queue = queue(2, 100, 2 * (4 + 100), 64).whenPutWaits(waits::countDown).build();
        List<Throwable> errors = new ArrayList<>();
        AtomicInteger put = new AtomicInteger();
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < 4; i++) {
                    queue.put(chunk(i, 100)); // 1 in memory, 2 in the file, the 4th waits
                    put.incrementAndGet();
                }
            } catch (Exception e) {
                errors.add(e);
            }
        });
        producer.start();
        await(waits, "the producer never waited on the full file"); // the file is full: the producer waits
        assertEquals(3, put.get(), "the 4th put waits");
        assertEquals(2, queue.spilledChunks(), "two went to the file");
        Path file = queue.spillFile();
        queue.close();
        join(producer, "close did not wake the producer"); // close wakes it and its put returns
        assertEquals(4, put.get());
        assertTrue(errors.isEmpty(), errors.toString());
        assertFalse(Files.exists(file));
    }
}
