package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs of small local files: one task reads several, in order, and a failure still belongs to its own object. */
class PrefetcherTest {

    /** A small local object that remembers which thread opened it. */
    private static final class LocalBytes implements SourceObject {
        final String name;
        final byte[] body;
        final IOException failure;
        volatile String openedBy;

        LocalBytes(String name, IOException failure) {
            this.name = name;
            this.body = name.getBytes(StandardCharsets.UTF_8);
            this.failure = failure;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            return body.length;
        }

        @Override
        public InputStream open() throws IOException {
            openedBy = Thread.currentThread().getName();
            if (failure != null) {
                throw failure;
            }
            return new ByteArrayInputStream(body);
        }

        @Override
        public boolean local() {
            return true;
        }
    }

    @Test
    void smallLocalFilesAreReadInRunsAndHandedOutInOrder() throws Exception {
        List<LocalBytes> objects = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            objects.add(new LocalBytes("file-" + i, null));
        }
        List<String> bodies = new ArrayList<>();
        try (Prefetcher prefetcher = new Prefetcher(List.copyOf(objects), 4, 1 << 20)) {
            while (prefetcher.hasNext()) {
                Prefetcher.Fetched fetched = prefetcher.next();
                bodies.add(new String(fetched.stream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(objects.stream().map(o -> o.name).toList(), bodies);
        for (int i = 1; i < 64; i++) {
            assertEquals(objects.get(0).openedBy, objects.get(i).openedBy, "file " + i + " is in the first run");
        }
        assertNotEquals(objects.get(0).openedBy, objects.get(64).openedBy, "a run holds 64 files");
    }

    @Test
    void aFailureInARunIsThrownForItsOwnObjectOnly() throws Exception {
        IOException gone = new IOException("file-2: deleted meanwhile");
        List<SourceObject> objects = List.of(new LocalBytes("file-0", null), new LocalBytes("file-1", null),
                new LocalBytes("file-2", gone), new LocalBytes("file-3", null));
        try (Prefetcher prefetcher = new Prefetcher(objects, 2, 1 << 20)) {
            assertEquals("file-0", new String(prefetcher.next().stream().readAllBytes(), StandardCharsets.UTF_8));
            assertEquals("file-1", new String(prefetcher.next().stream().readAllBytes(), StandardCharsets.UTF_8));
            assertSame(gone, assertThrows(IOException.class, prefetcher::next));
            assertEquals("file-3", new String(prefetcher.next().stream().readAllBytes(), StandardCharsets.UTF_8));
            assertFalse(prefetcher.hasNext());
        }
    }
}
