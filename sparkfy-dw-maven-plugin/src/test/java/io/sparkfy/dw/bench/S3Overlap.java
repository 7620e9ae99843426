package io.sparkfy.dw.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sparkfy.dw.generate.DataGenerator;
import io.sparkfy.dw.source.Prefetcher;
import io.sparkfy.dw.source.S3Source;
import io.sparkfy.dw.source.SourceObject;
import io.sparkfy.dw.testing.S3ProxyFixture;
import io.sparkfy.dw.testing.SlowObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Does a slow store serialize the load? Event logs served by the in-process S3 server, every GET delayed, parsed
 * by the consumer one after another (as the loader does) with and without the Prefetcher the loader uses.
 */
final class S3Overlap {

    private static final JsonFactory JSON = new JsonFactory();

    private S3Overlap() {
    }

    static String run(Path work, int delayMs) throws Exception {
        Path data = work.resolve("data");
        if (!Files.exists(data.resolve("done"))) {
            new DataGenerator(new DataGenerator.Settings(7, 1000, 300_000, data), line -> { }).generate();
            Files.writeString(data.resolve("done"), "");
        }
        try (S3ProxyFixture s3 = new S3ProxyFixture()) {
            s3.client().createBucket(b -> b.bucket("bench"));
            Path logs = data.resolve("log_data");
            try (Stream<Path> files = Files.walk(logs)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String key = "log_data/" + logs.relativize(file).toString().replace('\\', '/');
                    s3.client().putObject(p -> p.bucket("bench").key(key), RequestBody.fromFile(file));
                }
            }
            try (S3Source source = new S3Source("s3://bench/log_data", s3.options())) {
                List<SourceObject> objects = new ArrayList<>();
                for (SourceObject object : source.list()) {
                    objects.add(new SlowObject(object, delayMs));
                }
                long[] records = new long[1];
                double none = timed(() -> records[0] = consume(objects, 1));
                double parseOnly = timed(() -> consume(withoutDelay(objects), 1));
                double prefetched = timed(() -> consume(objects, 4));
                return String.format(Locale.ROOT, "### S3 with a slow store (%d objects, %,d events, %d ms per"
                                + " GET)%n%n| consumer | seconds |%n|---|---:|%n"
                                + "| parse only, no delay (the floor) | %.2f |%n"
                                + "| one object at a time (each GET waits) | %.2f |%n"
                                + "| Prefetcher, 4 ahead (as load-stg reads) | %.2f |%n",
                        objects.size(), records[0], delayMs, parseOnly, none, prefetched);
            }
        }
    }

    /** Opens and parses every object in order, fetching {@code parallelism} ahead; returns the record count. */
    private static long consume(List<SourceObject> objects, int parallelism) throws Exception {
        long records = 0;
        try (Prefetcher prefetcher = new Prefetcher(objects, parallelism, parallelism == 1 ? 0 : 8L << 20)) {
            while (prefetcher.hasNext()) {
                Prefetcher.Fetched fetched = prefetcher.next();
                try (InputStream in = fetched.stream(); JsonParser parser = JSON.createParser(in)) {
                    JsonToken token;
                    while ((token = parser.nextToken()) != null) {
                        if (token == JsonToken.START_OBJECT) {
                            records++;
                            parser.skipChildren();
                        }
                    }
                }
            }
        }
        return records;
    }

    private static List<SourceObject> withoutDelay(List<SourceObject> objects) {
        List<SourceObject> plain = new ArrayList<>();
        for (SourceObject object : objects) {
            plain.add(((SlowObject) object).inner());
        }
        return plain;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static double timed(Step step) throws Exception {
        long started = System.nanoTime();
        step.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
