package io.sparkfy.dw.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkfy.dw.SparkfyException;
import io.sparkfy.dw.settings.PropertyNames;
import io.sparkfy.dw.settings.SettingsLayers;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** sparkfy.reload: parsed once, with errors that say what is allowed; what each form names. */
class ReloadTest {

    @Test
    void unsetOrNewIsTheDefaultAndAllNamesEverything() {
        assertSame(Reload.NEW, Reload.parse(null));
        assertSame(Reload.NEW, Reload.parse(" "));
        assertSame(Reload.NEW, Reload.parse("New"));
        assertFalse(Reload.NEW.names("2018/11/2018-11-01-events.json"));
        assertSame(Reload.ALL, Reload.parse("ALL"));
        assertTrue(Reload.ALL.all());
        assertTrue(Reload.ALL.names("A/B/C/x.json"));
    }

    @Test
    void aGlobMatchesRelativeNamesWithStarsInOneFolder() {
        Reload glob = Reload.parse("2018/11/2018-11-1*");
        assertTrue(glob.names("2018/11/2018-11-10-events.json"));
        assertTrue(glob.names("2018/11/2018-11-19-events.json"));
        assertFalse(glob.names("2018/11/2018-11-01-events.json"));
        assertFalse(glob.names("2018/11/2018-11-1/x.json"), "* does not cross folders");
        assertTrue(Reload.parse("**/TRA*.json").names("A/A/B/TRAABJL12903CDCF1A.json"));
        assertTrue(Reload.parse("2018/11/2018-11-0[3-5]-*").names("2018/11/2018-11-04-events.json"));
        assertTrue(Reload.parse("{A,B}/**").names("B/x/y.json"));
        assertFalse(Reload.parse("{A,B}/**").names("C/x/y.json"));
        assertTrue(Reload.parse("a.b?json").names("a.b.json"), "a dot is a dot, ? one character");
        assertFalse(Reload.parse("a.b").names("axb"));
    }

    @Test
    void aDateRangeNamesTheLogFilesOfThoseDaysBothIncluded() {
        Reload days = Reload.parse("2018-11-03..2018-11-05");
        assertFalse(days.names("2018/11/2018-11-02-events.json"));
        assertTrue(days.names("2018/11/2018-11-03-events.json"));
        assertTrue(days.names("2018/11/2018-11-05-events.json"));
        assertFalse(days.names("2018/11/2018-11-06-events.json"));
        assertFalse(days.names("A/B/C/TRABCEI128F424C983.json"), "no date in the name");
        assertFalse(days.names("2018-11-04/other.json"), "the date is the file's, not a folder's");
        assertTrue(Reload.parse("2018-11-04..2018-11-04").names("2018-11-04-events.json"));
    }

    @Test
    void badValuesFailNamingThePropertyAndWhatIsAllowed() {
        assertEquals("the date range '2018-11-05..2018-11-03' ends before it starts",
                assertThrows(IllegalArgumentException.class, () -> Reload.parse("2018-11-05..2018-11-03"))
                        .getMessage());
        assertEquals("'2018-02-30' in '2018-02-30..2018-03-01' is not a date (YYYY-MM-DD)",
                assertThrows(IllegalArgumentException.class, () -> Reload.parse("2018-02-30..2018-03-01"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Reload.parse("2018-11-3..2018-11-05"))
                .getMessage().contains("YYYY-MM-DD..YYYY-MM-DD"));
        assertEquals("the glob '2018/[11' has a [ without its ]",
                assertThrows(IllegalArgumentException.class, () -> Reload.parse("2018/[11")).getMessage());
        assertEquals("the glob '{a,b' has a { without its }",
                assertThrows(IllegalArgumentException.class, () -> Reload.parse("{a,b")).getMessage());

        SettingsLayers layers = SettingsLayers.builder().commandLine(Map.of(PropertyNames.RELOAD, "{x")).build();
        SparkfyException e = assertThrows(SparkfyException.class,
                () -> layers.parsed(PropertyNames.RELOAD, Reload::parse, Reload.NEW));
        assertEquals("sparkfy.reload: the glob '{x' has a { without its }", e.getMessage());
    }
}
