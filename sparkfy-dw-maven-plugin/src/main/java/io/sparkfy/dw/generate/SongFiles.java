package io.sparkfy.dw.generate;

import static io.sparkfy.dw.generate.SampleJson.writeNumberOrNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Writes song_data/A/B/C/TR....json, the folders named by the track id's third to fifth characters: one
 * Python-json.dumps-style object per file, without a trailing newline, as in the sample.
 */
final class SongFiles {

    private final OutputFolder out;
    private final Progress progress;

    SongFiles(OutputFolder out, Progress progress) {
        this.out = out;
        this.progress = progress;
    }

    void write(SongCatalog catalog) throws IOException {
        Path songRoot = out.songData();
        int n = catalog.size();
        Set<Path> madeDirs = new HashSet<>(); // membership only, never iterated
        for (int i = 0; i < n; i++) {
            Song song = catalog.song(i);
            String trackId = song.trackId();
            Path dir = songRoot.resolve(trackId.substring(2, 3)).resolve(trackId.substring(3, 4))
                    .resolve(trackId.substring(4, 5));
            if (madeDirs.add(dir)) {
                Files.createDirectories(dir);
            }
            writeFile(dir.resolve(trackId + ".json"), song);
            if ((i & 1023) == 1023) {
                int written = i + 1;
                progress.reportIfDue(now -> String.format(Locale.ROOT, "generate-data: %s written, %.1f MB",
                        Progress.share(written, n, "song file"), out.bytes() / 1e6));
            }
        }
    }

    private void writeFile(Path file, Song song) throws IOException {
        Artist artist = song.artist();
        try (JsonGenerator g = SampleJson.SONG_FILES.createGenerator(out.create(file), JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new SampleJson.PythonSeparators());
            g.writeStartObject();
            g.writeNumberField("num_songs", 1);
            g.writeStringField("artist_id", artist.id());
            g.writeFieldName("artist_latitude");
            writeNumberOrNull(g, artist.latitude());
            g.writeFieldName("artist_longitude");
            writeNumberOrNull(g, artist.longitude());
            g.writeStringField("artist_location", artist.location());
            g.writeStringField("artist_name", artist.name());
            g.writeStringField("song_id", song.songId());
            g.writeStringField("title", song.title());
            g.writeFieldName("duration");
            g.writeNumber(song.duration());
            g.writeNumberField("year", song.year());
            g.writeEndObject();
        }
    }
}
