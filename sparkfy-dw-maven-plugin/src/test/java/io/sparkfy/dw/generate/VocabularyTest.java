package io.sparkfy.dw.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.generate.Vocabulary.Place;
import io.sparkfy.dw.generate.Vocabulary.Section;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class VocabularyTest {

    /** One entry per section, each place "name | latitude | longitude". */
    private static String minimal() {
        return Stream.of(Section.values())
                .map(s -> "[" + s.key() + "]\n" + (s == Section.PLACES ? "Somewhere, XX | 1.5 | -2.25" : "word") + "\n")
                .collect(Collectors.joining());
    }

    private static IllegalStateException malformed(String text) {
        return assertThrows(IllegalStateException.class, () -> Vocabulary.parse("test/vocabulary.txt", text));
    }

    @Test
    void thePluginsVocabularyLoads() {
        Vocabulary v = Vocabulary.load();
        List<List<?>> all = List.of(v.places(), v.titleWords(), v.accentedWords(), v.foreignTitles(),
                v.apostropheWords(), v.titleSuffixes(), v.nonAsciiArtists(), v.quotedArtists(), v.accentedFirstNames(),
                v.maleFirstNames(), v.femaleFirstNames(), v.lastNames(), v.metroAreas(), v.userAgents());
        assertEquals(Section.values().length, all.size());
        for (List<?> list : all) {
            assertFalse(list.isEmpty());
        }
        assertEquals(new Place("Nashville, TN.", 36.16778, -86.77836), v.places().get(0));
        assertTrue(v.titleSuffixes().contains("(Live)"), v.titleSuffixes().toString());
        assertTrue(v.foreignTitles().contains("東京"), "read as UTF-8: " + v.foreignTitles());
        for (String agent : v.userAgents()) {
            assertEquals(agent.contains(","), agent.startsWith("\"") && agent.endsWith("\""), agent);
        }
    }

    @Test
    void parsesSectionsCommentsAndBlankLines() {
        Vocabulary v = Vocabulary.parse("test", "# comment\n\n" + minimal().replace("[title-words]\nword\n",
                "[title-words]\r\n  Love  \r\n# not an entry\r\n\r\nNight\r\n"));
        assertEquals(List.of("Love", "Night"), v.titleWords());
        assertEquals(List.of(new Place("Somewhere, XX", 1.5, -2.25)), v.places());
    }

    @Test
    void aMissingResourceIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Vocabulary.load(VocabularyTest.class.getClassLoader(), "sparkfy-dw/generate/nothing-here.txt"));
        assertTrue(e.getMessage().contains("sparkfy-dw/generate/nothing-here.txt"), e.getMessage());
    }

    @Test
    void aResourceThatIsNotUtf8IsNamed() {
        ClassLoader latin1 = new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                return new ByteArrayInputStream(new byte[] {'[', 'p', 'l', 'a', 'c', 'e', 's', ']', '\n', (byte) 0xE9});
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Vocabulary.load(latin1, "x/v.txt"));
        assertTrue(e.getMessage().startsWith("x/v.txt is not UTF-8"), e.getMessage());
    }

    @Test
    void malformedTextNamesTheResourceAndLine() {
        IllegalStateException unknown = malformed(minimal().replace("[last-names]", "[surnames]"));
        int line = minimal().lines().collect(Collectors.toList()).indexOf("[last-names]") + 1;
        assertTrue(unknown.getMessage().startsWith("test/vocabulary.txt line " + line + ": unknown section [surnames]"),
                unknown.getMessage());
        assertTrue(unknown.getMessage().contains("last-names"), "lists the known sections: " + unknown.getMessage());

        IllegalStateException orphan = malformed("# header\nLove\n" + minimal());
        assertTrue(orphan.getMessage().startsWith("test/vocabulary.txt line 2: 'Love' comes before"),
                orphan.getMessage());

        IllegalStateException twice = malformed(minimal() + "[title-words]\nAgain\n");
        assertTrue(twice.getMessage().contains("[title-words] appears twice"), twice.getMessage());

        IllegalStateException header = malformed(minimal().replace("[metro-areas]", "[metro-areas"));
        assertTrue(header.getMessage().contains("'[metro-areas' is not a [section] line"), header.getMessage());
    }

    @Test
    void missingOrEmptySectionsAreNamed() {
        IllegalStateException missing = malformed(minimal().replace("[user-agents]\nword\n", ""));
        assertEquals("test/vocabulary.txt has no [user-agents] section", missing.getMessage());

        IllegalStateException empty = malformed(minimal().replace("[metro-areas]\nword\n", "[metro-areas]\n# none\n"));
        assertEquals("test/vocabulary.txt: section [metro-areas] has no entries", empty.getMessage());
    }

    @Test
    void badPlacesAreNamed() {
        IllegalStateException fields = malformed(minimal().replace("Somewhere, XX | 1.5 | -2.25", "Somewhere | 1.5"));
        assertTrue(fields.getMessage().startsWith("test/vocabulary.txt line 2: a place is 'name | latitude | longitude'"),
                fields.getMessage());

        IllegalStateException number = malformed(minimal().replace("1.5", "north"));
        assertTrue(number.getMessage().startsWith("test/vocabulary.txt line 2: a place's latitude and longitude"),
                number.getMessage());
    }
}
