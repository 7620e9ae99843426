package io.sparkfy.dw.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void runsStayWholeAfterTheWindowFills() throws Exception {
        // Past the first 256 objects, every hand-over frees one place ahead: a run must wait for room for a
        // whole one, not start a run of one file per hand-over (a task and a thread wake-up per song file).
        List<SourceObject> objects = new ArrayList<>();
        for (int i = 0; i < 6_400; i++) {
            objects.add(new LocalBytes("file-" + i, null));
        }
        int read = 0;
        try (Prefetcher prefetcher = new Prefetcher(objects, 4, 1 << 20)) {
            while (prefetcher.hasNext()) {
                assertEquals("file-" + read, new String(prefetcher.next().stream().readAllBytes(),
                        StandardCharsets.UTF_8));
                read++;
            }
            assertEquals(6_400, read);
            assertEquals(100, prefetcher.tasks(), "6,400 small local files in runs of 64");
        }
    }

    @Test
    void aLocalFileThatChangedSinceItWasListedIsReadAsItIsNow(@TempDir Path folder) throws Exception {
        Path grew = Files.writeString(folder.resolve("a-grew.json"), "{\"a\": 1}");
        Path same = Files.writeString(folder.resolve("b-same.json"), "{\"b\": 2}");
        Path shrank = Files.writeString(folder.resolve("c-shrank.json"), "{\"c\": 3, \"d\": 4}");
        List<SourceObject> listed = new LocalSource(folder.toString(), folder).list();
        Files.writeString(grew, "{\"a\": 1}\n{\"a\": 2}");
        Files.writeString(shrank, "{\"c\": 3}");
        List<String> bodies = new ArrayList<>();
        try (Prefetcher prefetcher = new Prefetcher(listed, 4, 1 << 20)) {
            while (prefetcher.hasNext()) {
                Prefetcher.Fetched fetched = prefetcher.next();
                assertTrue(fetched.buffered());
                assertEquals(new String(fetched.stream().readAllBytes(), StandardCharsets.UTF_8),
                        new String(fetched.bytes(), 0, fetched.length(), StandardCharsets.UTF_8));
                bodies.add(new String(fetched.bytes(), 0, fetched.length(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(List.of(Files.readString(grew), Files.readString(same), Files.readString(shrank)), bodies);
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
