package io.sparkfy.dw.generate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The generator's word lists (names, titles, places, user agents), read from {@value #RESOURCE} in the plugin's jar:
 * lists are easier to read and edit as text than as Java arrays. Every seed draws from them by position.
 * <p>
 * The format: a {@code [name]} line opens each section, then one entry a line, surrounding blanks stripped; blank lines
 * and lines starting with {@code #} are skipped. Every section must appear once and hold at least one entry.
 */
final class Vocabulary {

    static final String RESOURCE = "sparkfy-dw/generate/vocabulary.txt";

    /** Where an artist comes from: the song file's artist_location and the coordinates near it. */
    record Place(String name, double latitude, double longitude) {}

    /** The sections, in the resource as {@code [title-words]} for TITLE_WORDS. */
    enum Section {
        PLACES, TITLE_WORDS, ACCENTED_WORDS, FOREIGN_TITLES, APOSTROPHE_WORDS, TITLE_SUFFIXES, NON_ASCII_ARTISTS,
        QUOTED_ARTISTS, ACCENTED_FIRST_NAMES, MALE_FIRST_NAMES, FEMALE_FIRST_NAMES, LAST_NAMES, METRO_AREAS,
        USER_AGENTS;

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<Section, List<String>> lists;
    private final List<Place> places;

    private Vocabulary(Map<Section, List<String>> lists, List<Place> places) {
        this.lists = lists;
        this.places = places;
    }

    /** The plugin's own vocabulary. */
    static Vocabulary load() {
        return load(Vocabulary.class.getClassLoader(), RESOURCE);
    }

    /** Fails with an IllegalStateException naming the resource if it is missing, not UTF-8 or malformed. */
    static Vocabulary load(ClassLoader loader, String resource) {
        byte[] bytes;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path: the sparkfy-dw-maven-plugin jar"
                        + " is incomplete");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e, e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(resource + " is not UTF-8: " + e, e);
        }
        return parse(resource, text);
    }

    /** The text of a vocabulary resource; {@code resource} names it in error messages. */
    static Vocabulary parse(String resource, String text) {
        Map<Section, List<String>> lists = new EnumMap<>(Section.class);
        List<Place> places = new ArrayList<>();
        Section section = null;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNumber = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = section(resource, lineNumber, line);
                if (lists.putIfAbsent(section, new ArrayList<>()) != null) {
                    throw malformed(resource, lineNumber, "section [" + section.key() + "] appears twice");
                }
            } else if (section == null) {
                throw malformed(resource, lineNumber, "'" + line + "' comes before the first [section] line");
            } else {
                if (section == Section.PLACES) {
                    places.add(place(resource, lineNumber, line));
                }
                lists.get(section).add(line);
            }
        }
        for (Section s : Section.values()) {
            List<String> entries = lists.get(s);
            if (entries == null) {
                throw new IllegalStateException(resource + " has no [" + s.key() + "] section");
            }
            if (entries.isEmpty()) {
                throw new IllegalStateException(resource + ": section [" + s.key() + "] has no entries");
            }
            lists.put(s, List.copyOf(entries));
        }
        return new Vocabulary(lists, List.copyOf(places));
    }

    private static Section section(String resource, int lineNumber, String line) {
        if (!line.endsWith("]")) {
            throw malformed(resource, lineNumber, "'" + line + "' is not a [section] line");
        }
        String key = line.substring(1, line.length() - 1).strip();
        for (Section s : Section.values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw malformed(resource, lineNumber, "unknown section [" + key + "]; the sections are "
                + Arrays.stream(Section.values()).map(Section::key).collect(Collectors.joining(", ")));
    }

    private static Place place(String resource, int lineNumber, String line) {
        String[] fields = line.split("\\|", -1);
        if (fields.length != 3) {
            throw malformed(resource, lineNumber, "a place is 'name | latitude | longitude', not '" + line + "'");
        }
        try {
            return new Place(fields[0].strip(), Double.parseDouble(fields[1].strip()),
                    Double.parseDouble(fields[2].strip()));
        } catch (NumberFormatException e) {
            throw malformed(resource, lineNumber, "a place's latitude and longitude are numbers, not '" + line + "'");
        }
    }

    private static IllegalStateException malformed(String resource, int lineNumber, String problem) {
        return new IllegalStateException(resource + " line " + lineNumber + ": " + problem);
    }

    List<Place> places() {
        return places;
    }

    List<String> titleWords() {
        return lists.get(Section.TITLE_WORDS);
    }

    List<String> accentedWords() {
        return lists.get(Section.ACCENTED_WORDS);
    }

    List<String> foreignTitles() {
        return lists.get(Section.FOREIGN_TITLES);
    }

    List<String> apostropheWords() {
        return lists.get(Section.APOSTROPHE_WORDS);
    }

    /** Version notes such as "(Live)", appended to a title after a space. */
    List<String> titleSuffixes() {
        return lists.get(Section.TITLE_SUFFIXES);
    }

    List<String> nonAsciiArtists() {
        return lists.get(Section.NON_ASCII_ARTISTS);
    }

    List<String> quotedArtists() {
        return lists.get(Section.QUOTED_ARTISTS);
    }

    List<String> accentedFirstNames() {
        return lists.get(Section.ACCENTED_FIRST_NAMES);
    }

    List<String> maleFirstNames() {
        return lists.get(Section.MALE_FIRST_NAMES);
    }

    List<String> femaleFirstNames() {
        return lists.get(Section.FEMALE_FIRST_NAMES);
    }

    List<String> lastNames() {
        return lists.get(Section.LAST_NAMES);
    }

    List<String> metroAreas() {
        return lists.get(Section.METRO_AREAS);
    }

    /** Browser user agents, the more common first; those with a comma carry literal quotes, as in the real logs. */
    List<String> userAgents() {
        return lists.get(Section.USER_AGENTS);
    }
}
