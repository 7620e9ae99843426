package io.sparkfy.dw.copy.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DateTimeFormatTest {

    private static LocalDateTime ts(String iso) {
        return LocalDateTime.parse(iso);
    }

    // ------------------------------------------------------------------------------------------ pattern elements

    @ParameterizedTest(name = "{0} reads ''{1}''")
    @CsvSource(delimiter = '|', value = {
        // YYYY, MM, DD, HH, MI, SS and separators
        "YYYY-MM-DD HH:MI:SS   | 2003-03-31 18:45:05        | 2003-03-31T18:45:05",
        // SS takes fractional seconds up to microseconds (DATEFORMAT and TIMEFORMAT strings page example)
        "MM.DD.YYYY HH:MI:SS   | 03.31.2003 18:45:05        | 2003-03-31T18:45:05",
        "MM.DD.YYYY HH:MI:SS   | 03.31.2003 18:45:05.123456 | 2003-03-31T18:45:05.123456",
        "YYYY-MM-DD HH:MI:SS   | 2009-01-12 14:15:57.1      | 2009-01-12T14:15:57.100",
        // HH24 is HH
        "YYYY-MM-DD HH24:MI:SS | 2003-03-31 23:59:59        | 2003-03-31T23:59:59",
        // HH12 with AM / PM; either meridian element reads either indicator
        "YYYY-MM-DD HH12:MI AM | 2003-03-31 06:45 PM        | 2003-03-31T18:45",
        "YYYY-MM-DD HH12:MI PM | 2003-03-31 06:45 am        | 2003-03-31T06:45",
        "YYYY-MM-DD HH12:MI AM | 2003-03-31 12:10 AM        | 2003-03-31T00:10",
        "YYYY-MM-DD HH12:MI AM | 2003-03-31 12:10 PM        | 2003-03-31T12:10",
        // YY: 70-99 are 19xx, 00-69 are 20xx
        "DD/MM/YY HH:MI        | 31/03/95 07:00             | 1995-03-31T07:00",
        "DD/MM/YY HH:MI        | 31/03/03 07:00             | 2003-03-31T07:00",
        // MON: abbreviated or full names, any case
        "MON-DD-YYYY HH:MI:SS  | Jan-01-1999 00:00:01       | 1999-01-01T00:00:01",
        "MON DD, YYYY HH:MI    | march 31, 2003 10:20       | 2003-03-31T10:20",
        // elements without separators
        "YYYYMMDDHHMISS        | 20030331184505             | 2003-03-31T18:45:05",
        // a time omitted from the value is 00:00:00
        "YYYY-MM-DD HH:MI:SS   | 2003-03-31                 | 2003-03-31T00:00",
        // surrounding whitespace is ignored
        "YYYY-MM-DD HH:MI:SS   | '  2003-03-31 18:45:05  '  | 2003-03-31T18:45:05",
    })
    void patternElementsReadTimestamps(String format, String text, String expected) {
        assertEquals(ts(expected), DateTimeFormat.timeFormat(format).parseTimestamp(text, false));
    }

    @ParameterizedTest(name = "{0} reads ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "MM/DD/YYYY   | 03/31/2003             | 2003-03-31",
        "MON DD, YYYY | March 31, 2003         | 2003-03-31",
        "MON-DD-YYYY  | Jan-01-1999            | 1999-01-01",
        "DD MON YYYY  | 5 sep 2021             | 2021-09-05",
        "YYYY-MM-DD   | 2021-02-28             | 2021-02-28",
        // time elements in a DATEFORMAT are read and ignored
        "YYYY-MM-DD HH:MI:SS | 2021-02-28 23:59:59 | 2021-02-28",
        // a time after the date is truncated
        "YYYY-MM-DD   | 2021-02-28 23:59:59.5  | 2021-02-28",
        "YYYY-MM-DD   | 2021-02-28T23:59:59Z   | 2021-02-28",
    })
    void dateFormatsReadDates(String format, String text, String expected) {
        assertEquals(LocalDate.parse(expected), DateTimeFormat.dateFormat(format).parseDate(text, false));
    }

    @ParameterizedTest(name = "{0} rejects ''{1}''")
    @CsvSource(delimiter = '|', value = {
        "YYYY-MM-DD HH:MI:SS | 2003-13-01 00:00:00",   // month 13
        "YYYY-MM-DD HH:MI:SS | 2003-02-30 00:00:00",   // no such day
        "YYYY-MM-DD HH:MI:SS | 2003-01-01 25:00:00",   // hour 25
        "YYYY-MM-DD HH:MI:SS | 2003-01-01 10:60:00",   // minute 60
        "YYYY-MM-DD HH:MI:SS | 2003-01-01 10:00:61",   // second 61
        "YYYY-MM-DD HH12:MI AM | 2003-01-01 13:00 PM", // hour 13 on a 12-hour clock
        "YYYY-MM-DD HH:MI:SS | 2003/01/01 10:00:00",   // wrong separator
        "YYYY-MM-DD HH:MI:SS | 2003-01-01T10:00:00",   // a 'T' is not a space
        "YYYY-MM-DD HH:MI:SS | 2003-01-01 10:00:00 x", // trailing text
        "YYYY-MM-DD HH:MI:SS | 2003-01-01 10:00:00+02",// an offset in an explicit pattern
        "MON-DD-YYYY         | Jam-01-1999",           // no such month
        "MM/DD/YYYY          | 1999-01-01",
        "MM/DD/YYYY          | ''",
    })
    void patternsRejectValuesThatDoNotMatch(String format, String text) {
        DateTimeFormat f = DateTimeFormat.timeFormat(format);
        DateTimeException e = assertThrows(DateTimeException.class, () -> f.parseTimestamp(text, false));
        assertTrue(e.getMessage().contains("TIMEFORMAT '" + format + "'"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ bad patterns

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "TIMEFORMAT | YYYY-QQ              | TIMEFORMAT 'YYYY-QQ': QQ is not a Redshift datetime format element",
        "TIMEFORMAT | MONTH DD YYYY        | TIMEFORMAT 'MONTH DD YYYY': MONTH is not a Redshift datetime format element (MON takes abbreviated and full",
        "TIMEFORMAT | YYYY-MM-DD HH:MI:SSOF| TIMEFORMAT 'YYYY-MM-DD HH:MI:SSOF': OF is not a Redshift datetime format element (a TIMEFORMAT cannot hold a time zone",
        "TIMEFORMAT | YYYY-MM-DD HH:MI:SS TZ| TZ is not a Redshift datetime format element",
        "TIMEFORMAT | YYYY-MM-DDTHH:MI:SS  | T is not a Redshift datetime format element (use 'auto'",
        "TIMEFORMAT | YYYY-MM-DD HH:MI:SS.MS| MS is not a Redshift datetime format element (SS takes fractional",
        "TIMEFORMAT | AUTO                 | AUTO is not a Redshift datetime format element (the keywords",
        "TIMEFORMAT | HH:MI:SS             | TIMEFORMAT 'HH:MI:SS': a date needs a year (YYYY or YY), a month (MM or MON) and a day (DD)",
        "TIMEFORMAT | YYYY-MM-DD-YYYY      | YYYY appears more than once",
        "TIMEFORMAT | YYYY-MM-DD HH:MI HH24| HH24 appears more than once",
        "TIMEFORMAT | YYYY-MON-MM-DD       | the same field appears twice",
        "DATEFORMAT | epochsecs            | DATEFORMAT 'epochsecs': epochsecs is only valid for TIMEFORMAT",
        "DATEFORMAT | epochmillisecs       | DATEFORMAT 'epochmillisecs': epochmillisecs is only valid for TIMEFORMAT",
        "DATEFORMAT | YYYY-DDD             | DATEFORMAT 'YYYY-DDD': D is not a Redshift datetime format element",
        "DATEFORMAT | \" \"                | DATEFORMAT needs a value",
    })
    void badFormatsAreRejectedWithAClearMessage(String option, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            if (option.equals("DATEFORMAT")) {
                DateTimeFormat.dateFormat(value);
            } else {
                DateTimeFormat.timeFormat(value);
            }
        });
        assertTrue(e.getMessage().startsWith(message) || e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void nullFormatIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> DateTimeFormat.timeFormat(null));
    }

    // ------------------------------------------------------------------------------------------ auto

    @ParameterizedTest(name = "auto reads ''{0}''")
    @CsvSource(delimiter = '|', value = {
        // the list on "Using automatic recognition with DATEFORMAT and TIMEFORMAT", as UTC where a zone is given
        "2019-02-11T05:09:12.195Z     | 2019-02-11T05:09:12.195",
        "J2451187                     | 1999-01-08T00:00",
        "J2345678 04:05:06.789        | 1710-02-23T04:05:06.789",
        "Jan-08-95 BC                 | -0094-01-08T00:00",
        "19960108 040809              | 1996-01-08T04:08:09",
        "960108 040809                | 1996-01-08T04:08:09",
        "1996.008                     | 1996-01-08T00:00",
        "1996-01-08 04:05:06.789      | 1996-01-08T04:05:06.789",
        "17 Dec 07:37:16 1997 PST     | 1997-12-17T15:37:16",
        "12/17/1997 07:37:16.00 PST   | 1997-12-17T15:37:16",
        "1997-12-17 07:37:16-08       | 1997-12-17T15:37:16",
        "12.17.1997 07:37:16.00 PST   | 1997-12-17T15:37:16",
        // the examples of the DATEFORMAT and TIMEFORMAT strings page
        "03/31/2003                   | 2003-03-31T00:00",
        "March 31, 2003               | 2003-03-31T00:00",
        "03.31.2003 18:45:05.123456   | 2003-03-31T18:45:05.123456",
        "Jan-01-1999                  | 1999-01-01T00:00",
        // ISO with 'T' or space, with or without fraction and offset
        "2019-02-11T05:09:12          | 2019-02-11T05:09:12",
        "2019-02-11 05:09             | 2019-02-11T05:09",
        "2019-02-11T05:09:12+05:30    | 2019-02-10T23:39:12",
        "2019-02-11T05:09:12.5-0100   | 2019-02-11T06:09:12.500",
        "2019-02-11                   | 2019-02-11T00:00",
        // Redshift's documented date and time literals
        "January 8, 1999              | 1999-01-08T00:00",
        "1/8/1999                     | 1999-01-08T00:00",
        "01/02/00                     | 2000-01-02T00:00",
        "2000-Jan-31                  | 2000-01-31T00:00",
        "31-Jan-2000                  | 2000-01-31T00:00",
        "20080215 04:05 PM            | 2008-02-15T16:05",
        "080215                       | 2008-02-15T00:00",
        "2008.366                     | 2008-12-31T00:00",
        "Jun 1,2008 09:59:59          | 2008-06-01T09:59:59",
    })
    void autoRecognisesTheDocumentedLayouts(String text, String expected) {
        assertEquals(ts(expected), DateTimeFormat.timeFormat("auto").parseTimestamp(text, false));
    }

    @Test
    void autoKeepsTheWallTimeForATimestampColumnAndTruncatesForADate() {
        DateTimeFormat auto = DateTimeFormat.timeFormat("auto");
        assertEquals(ts("1997-12-17T07:37:16"), auto.parseLocalTimestamp("1997-12-17 07:37:16-08", false));
        assertEquals(LocalDate.of(1997, 12, 17), DateTimeFormat.dateFormat("auto").parseDate("1997-12-17 23:37:16-08", false));
        assertEquals(LocalDate.of(1999, 1, 8), DateTimeFormat.dateFormat("auto").parseDate("J2451187", false));
    }

    @ParameterizedTest(name = "auto rejects ''{0}''")
    @ValueSource(strings = {"1577836800", "2019-13-01", "2019-02-30", "2019-02-11 25:00:00", "13/01/2020",
        "2019-02-11T05:09:12 Nowhere/Zone", "yesterday", "", "Foo-08-95", "0000-01-01"})
    void autoRejectsWhatItDoesNotRecognise(String text) {
        DateTimeFormat auto = DateTimeFormat.timeFormat("auto");
        DateTimeException e = assertThrows(DateTimeException.class, () -> auto.parseTimestamp(text, false));
        assertTrue(e.getMessage().contains("TIMEFORMAT 'auto'"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ epochs

    @ParameterizedTest(name = "{0} reads {1} (number: {2})")
    @CsvSource(delimiter = '|', value = {
        "epochsecs      | 0                  | true  | 1970-01-01T00:00",
        "epochsecs      | 1577836800         | true  | 2020-01-01T00:00",
        "epochsecs      | 1577836800         | false | 2020-01-01T00:00",
        "epochsecs      | 1577836800.123456  | true  | 2020-01-01T00:00:00.123456",
        "epochsecs      | '1577836800.5'     | false | 2020-01-01T00:00:00.500",
        "epochsecs      | 1.5778368E9        | true  | 2020-01-01T00:00",
        "epochsecs      | -1                 | true  | 1969-12-31T23:59:59",
        "epochsecs      | -1.5               | false | 1969-12-31T23:59:58.500",
        // microseconds are kept; a seventh digit rounds
        "epochsecs      | 1.0000004          | true  | 1970-01-01T00:00:01",
        "epochsecs      | 1.0000005          | true  | 1970-01-01T00:00:01.000001",
        "epochsecs      | ' 86400 '          | false | 1970-01-02T00:00",
        "epochmillisecs | 1577836800123      | true  | 2020-01-01T00:00:00.123",
        "epochmillisecs | 1577836800123      | false | 2020-01-01T00:00:00.123",
        "epochmillisecs | -1                 | true  | 1969-12-31T23:59:59.999",
        "epochmillisecs | -86400000          | false | 1969-12-31T00:00",
        "epochmillisecs | 1.577836800123E12  | true  | 2020-01-01T00:00:00.123",
    })
    void epochsAreUtc(String format, String text, boolean isNumber, String expected) {
        assertEquals(ts(expected), DateTimeFormat.timeFormat(format).parseTimestamp(text, isNumber));
        assertEquals(ts(expected), DateTimeFormat.timeFormat(format).parseLocalTimestamp(text, isNumber));
    }

    @ParameterizedTest(name = "{0} rejects {1} (number: {2})")
    @CsvSource(delimiter = '|', value = {
        "epochsecs      | 2020-01-01   | false",
        "epochsecs      | 12a          | false",
        "epochsecs      | 1e9          | false",   // a string must be plain digits
        "epochsecs      | ''           | false",
        "epochsecs      | 1e400        | true",    // out of range
        "epochmillisecs | 1.5          | true",    // no fraction of a millisecond
        "epochmillisecs | 1.5          | false",
        "epochmillisecs | 99999999999999999999999 | false",
    })
    void epochsRejectOtherValues(String format, String text, boolean isNumber) {
        DateTimeFormat f = DateTimeFormat.timeFormat(format);
        DateTimeException e = assertThrows(DateTimeException.class, () -> f.parseTimestamp(text, isNumber));
        assertTrue(e.getMessage().contains(format), e.getMessage());
    }

    @Test
    void epochDateIsTheUtcDay() {
        assertEquals(LocalDate.of(2019, 12, 31),
                DateTimeFormat.timeFormat("epochsecs").parseDate("1577836799", true));
    }

    // ------------------------------------------------------------------------------------------ defaults

    @Test
    void defaultsAreTheDocumentedFormats() {
        assertEquals("YYYY-MM-DD HH:MI:SS", DateTimeFormat.defaultTimeFormat().copyText());
        assertEquals("YYYY-MM-DD", DateTimeFormat.defaultDateFormat().copyText());
        assertSame(DateTimeFormat.defaultTimeFormat(), DateTimeFormat.defaultTimeFormat());
    }

    @ParameterizedTest(name = "default TIMEFORMAT reads ''{0}''")
    @CsvSource(delimiter = '|', value = {
        "2020-06-01 12:34:56         | 2020-06-01T12:34:56",
        "2020-06-01 12:34:56.654321  | 2020-06-01T12:34:56.654321",
        "2020-06-01 12:34:56.6543215 | 2020-06-01T12:34:56.654322",
        "2020-06-01 23:59:59.9999999 | 2020-06-02T00:00",
        "2020-06-01                  | 2020-06-01T00:00",
        // the TIMESTAMPTZ default's trailing offset, e.g. -8:00
        "2020-06-01 12:34:56-8:00    | 2020-06-01T20:34:56",
        "2020-06-01 12:34:56+02      | 2020-06-01T10:34:56",
    })
    void defaultTimeFormat(String text, String expected) {
        assertEquals(ts(expected), DateTimeFormat.defaultTimeFormat().parseTimestamp(text, false));
    }

    @Test
    void defaultTimeFormatKeepsTheWallTimeWhenAsked() {
        assertEquals(ts("2020-06-01T12:34:56"),
                DateTimeFormat.defaultTimeFormat().parseLocalTimestamp("2020-06-01 12:34:56-8:00", false));
    }

    @ParameterizedTest(name = "default formats reject ''{0}''")
    @ValueSource(strings = {"06/01/2020", "2020-06-01T12:34:56", "2020-06-01 12:34:56 PST", "1590000000"})
    void defaultTimeFormatRejectsOtherLayouts(String text) {
        assertThrows(DateTimeException.class, () -> DateTimeFormat.defaultTimeFormat().parseTimestamp(text, false));
    }

    @Test
    void defaultDateFormat() {
        DateTimeFormat f = DateTimeFormat.defaultDateFormat();
        assertEquals(LocalDate.of(2020, 6, 1), f.parseDate("2020-06-01", false));
        assertEquals(LocalDate.of(2020, 6, 1), f.parseDate("2020-06-01 12:34:56", false));
        assertThrows(DateTimeException.class, () -> f.parseDate("06/01/2020", false));
        assertThrows(DateTimeException.class, () -> f.parseDate("2020-06-31", false));
    }

    // ------------------------------------------------------------------------------------------ copyText

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"auto", "epochsecs", "epochmillisecs", "YYYY-MM-DD HH:MI:SS", "MM.DD.YYYY HH12:MI:SS AM",
        "MON DD, YYYY"})
    void copyTextRoundTrips(String value) {
        DateTimeFormat f = DateTimeFormat.timeFormat(value);
        assertEquals(value, f.copyText());
        assertEquals(value, DateTimeFormat.timeFormat(f.copyText()).copyText());
        assertEquals("TIMEFORMAT '" + value + "'", f.toString());
    }

    @Test
    void dateFormatCopyText() {
        assertEquals("auto", DateTimeFormat.dateFormat("auto").copyText());
        assertEquals("MM/DD/YYYY", DateTimeFormat.dateFormat("MM/DD/YYYY").copyText());
        assertEquals("DATEFORMAT 'MM/DD/YYYY'", DateTimeFormat.dateFormat("MM/DD/YYYY").toString());
    }
}
