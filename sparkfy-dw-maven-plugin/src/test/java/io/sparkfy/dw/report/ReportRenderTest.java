package io.sparkfy.dw.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sparkfy.dw.testing.Chromium;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in headless Chromium ({@link Chromium}: -Dsparkfy.chromium, else the PATH) and proves that its inline script drew every chart: the
 * DOM after the scripts ran holds each chart's bars and points, with the values of the warehouse; and a screenshot
 * shows them. The static page has no bar at all: only the script can have drawn them.
 */
class ReportRenderTest {

    private static Path chromium;
    private static final Pattern CHART = Pattern.compile("<svg\\b((?:[^>\"]|\"[^\"]*\")*)>(.*?)</svg>", Pattern.DOTALL);
    private static final Pattern MARK =
            Pattern.compile("<(rect|circle)\\b((?:[^>\"]|\"[^\"]*\")*)>");
    /** The bars' fill, --bar in the page's CSS: #2563eb. */
    private static final int BAR_RGB = 0x2563eb;

    @TempDir
    static Path work;
    private static Path index;

    @BeforeAll
    static void writeReport() throws Exception {
        chromium = Chromium.find().orElseGet(() -> fail("this test renders the report in headless Chromium, and "
                + Chromium.notFound()));
        try (EmbeddedPostgres postgres = ReportFixture.start();
             Connection connection = ReportFixture.warehouse(postgres, "warehouse")) {
            index = new ReportWriter(connection, new ReportFixture.RecordingLog()).write(work.resolve("report"));
        }
    }

    @Test
    void theScriptDrawsEveryChartWithTheWarehousesValues() throws Exception {
        String html = Files.readString(index, StandardCharsets.UTF_8);
        assertFalse(html.contains("class=\"bar\"") || html.contains("class=\"point\""), "the static page has no marks");

        String dom = chromium(List.of("--dump-dom", index.toUri().toString()), "dom").trim();
        assertTrue(dom.startsWith("<!DOCTYPE html>") && dom.endsWith("</html>"), "not a DOM: " + head(dom));
        assertEquals(null, attribute(body(dom), "data-report-error"), "the script failed");
        assertEquals("6", attribute(body(dom), "data-charts-drawn"), "charts the script says it drew");

        Map<String, List<Mark>> charts = charts(dom);
        assertEquals(List.of("plays_per_hour", "plays_per_weekday", "plays_by_level", "plays_by_browser",
                "plays_by_os", "plays_per_day"), new ArrayList<>(charts.keySet()));

        List<Mark> hours = charts.get("plays_per_hour");
        assertEquals(24, hours.size());
        assertTrue(hours.stream().allMatch(m -> m.kind().equals("bar")));
        assertEquals(ReportFixture.expectedPerHour(), values(hours));
        for (int h = 0; h < 24; h++) {
            assertEquals(Integer.toString(h), hours.get(h).label());
        }

        List<Mark> weekdays = charts.get("plays_per_weekday");
        assertEquals(7, weekdays.size());
        assertEquals(ReportFixture.expectedPerWeekday(), values(weekdays));
        assertEquals(List.of(ReportFixture.WEEKDAYS), weekdays.stream().map(Mark::label).toList());

        assertEquals(ReportFixture.expectedByLevel(), byLabel(charts.get("plays_by_level"), "bar"));
        assertEquals(ReportFixture.expectedByBrowser(), byLabel(charts.get("plays_by_browser"), "bar"));
        assertEquals(ReportFixture.expectedByOs(), byLabel(charts.get("plays_by_os"), "bar"));

        List<Mark> days = charts.get("plays_per_day");
        assertEquals(ReportFixture.expectedDays(), days.size(), "a point for every day, those without plays too");
        assertTrue(days.stream().allMatch(m -> m.kind().equals("point")));
        assertEquals(new ArrayList<>(ReportFixture.expectedPerDay().values()), values(days));

        for (Map.Entry<String, List<Mark>> chart : charts.entrySet()) {
            assertEquals(ReportFixture.PLAYS, values(chart.getValue()).stream().mapToLong(Long::longValue).sum(),
                    chart.getKey() + " does not add up to the number of songplays");
        }
        // Drawn bars have a height: the busiest hour's bar is the tallest.
        Mark busiest = hours.stream().max((a, b) -> Long.compare(a.value(), b.value())).orElseThrow();
        assertTrue(busiest.height() > 100, "the busiest hour's bar is " + busiest.height() + " high");
        assertEquals(busiest.height(), hours.stream().mapToDouble(Mark::height).max().orElseThrow());

        // The hostile title stayed text: no script element but the page's two.
        assertTrue(dom.contains("&lt;script&gt;alert(\"pwn\")&lt;/script&gt; &amp;")
                || dom.contains("&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &amp;"), "title not in the DOM");
        assertEquals(2, ReportWriterTest.count(dom, "<script"));
    }

    /**
     * The dates under "Plays per day" never touch, whatever the number of days and the page's width: each label
     * drawn says where Chromium put it (its bounding box), and the boxes follow each other with room between.
     */
    @Test
    void theDayLabelsDoNotOverlap() throws Exception {
        ReportQuery query = ReportQuery.parse("sparkfy-dw/report/plays_per_day.sql",
                new io.sparkfy.dw.schema.SqlResources().text("sparkfy-dw/report/plays_per_day.sql"));
        for (int[] days : new int[][] {{31, 1280}, {31, 640}, {45, 900}, {92, 1280}}) {
            List<List<Object>> rows = new ArrayList<>();
            java.time.LocalDate first = java.time.LocalDate.of(2018, 11, 1);
            for (int d = 0; d < days[0]; d++) {
                rows.add(List.of(first.plusDays(d).toString(), (long) (100 + 37 * d % 250), 10L));
            }
            String html = ReportHtml.render(List.of(new ReportTable(query, List.of("play_date", "plays", "users"),
                    rows, 1)), "2018-12-01 00:00:00 UTC", "test", 1);
            Path page = work.resolve("days-" + days[0] + "-" + days[1] + ".html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            String dom = chromium(List.of("--window-size=" + days[1] + ",1200", "--dump-dom", page.toUri().toString()),
                    "days").trim();
            assertEquals(null, attribute(body(dom), "data-report-error"), "the script failed");
            List<String[]> labels = new ArrayList<>();
            Matcher tick = Pattern.compile("<text\\b((?:[^>\"]|\"[^\"]*\")*\\bclass=\"tick x\"(?:[^>\"]|\"[^\"]*\")*)>"
                    + "([^<]*)</text>").matcher(dom);
            while (tick.find()) {
                labels.add(new String[] {tick.group(2), attribute(tick.group(1), "data-left"),
                        attribute(tick.group(1), "data-right")});
            }
            String what = days[0] + " days at " + days[1] + " px: " + labels.stream().map(l -> l[0] + " [" + l[1]
                    + ", " + l[2] + "]").toList();
            assertTrue(labels.size() >= 3, what);
            assertEquals(first.toString(), labels.get(0)[0], what);
            assertEquals(first.plusDays(days[0] - 1).toString(), labels.get(labels.size() - 1)[0], what);
            for (int i = 1; i < labels.size(); i++) {
                double right = Double.parseDouble(labels.get(i - 1)[2]);
                double left = Double.parseDouble(labels.get(i)[1]);
                assertTrue(Double.parseDouble(labels.get(i)[2]) > left, what);
                assertTrue(left - right >= 4, "labels " + (i - 1) + " and " + i + " overlap: " + what);
            }
        }
    }

    @Test
    void theScreenshotShowsTheCharts() throws Exception {
        Path png = work.resolve("report.png");
        chromium(List.of("--screenshot=" + png, "--window-size=1280,2000", "--hide-scrollbars",
                index.toUri().toString()), "screenshot");
        assertTrue(Files.isRegularFile(png), "no screenshot written");
        long size = Files.size(png);
        assertTrue(size > 40_000, "the screenshot is only " + size + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1280, image.getWidth());
        assertEquals(2000, image.getHeight());
        int barPixels = 0;
        int white = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                if (rgb == BAR_RGB) {
                    barPixels++;
                } else if (rgb == 0xffffff) {
                    white++;
                }
            }
        }
        // 24 + 7 + 2 + 4 + 5 bars of the bar colour; the page is not blank.
        assertTrue(barPixels > 20_000, "only " + barPixels + " pixels of the bar colour");
        assertTrue(white > 100_000, "only " + white + " white pixels: no cards?");
        Path keep = Path.of("target", "report-render");
        Files.createDirectories(keep);
        Files.copy(png, keep.resolve("report-screenshot.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(index, keep.resolve("index.html"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs headless Chromium with a fresh profile and the given arguments; returns its standard output. */
    static String chromium(List<String> arguments, String name) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile-");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(arguments);
        Path out = work.resolve(name + ".out");
        Path err = work.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("chromium did not finish in 120 s: " + command);
        }
        assertEquals(0, process.exitValue(), "chromium failed: " + command + "\n" + Files.readString(err));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    record Mark(String kind, long value, String label, double height) { }

    /** The marks (class bar or point) of each data-chart SVG, in document order. */
    static Map<String, List<Mark>> charts(String dom) {
        Map<String, List<Mark>> charts = new LinkedHashMap<>();
        Matcher svg = CHART.matcher(dom);
        while (svg.find()) {
            String name = attribute(svg.group(1), "data-chart");
            if (name == null) {
                continue;
            }
            List<Mark> marks = new ArrayList<>();
            Matcher mark = MARK.matcher(svg.group(2));
            while (mark.find()) {
                String tag = mark.group(2);
                String kind = attribute(tag, "class");
                if ("bar".equals(kind) || "point".equals(kind)) {
                    String height = attribute(tag, "height");
                    marks.add(new Mark(kind, Long.parseLong(attribute(tag, "data-value")),
                            attribute(tag, "data-label"), height == null ? 0 : Double.parseDouble(height)));
                }
            }
            charts.put(name, marks);
        }
        return charts;
    }

    private static List<Long> values(List<Mark> marks) {
        return marks.stream().map(Mark::value).toList();
    }

    private static Map<String, Long> byLabel(List<Mark> marks, String kind) {
        Map<String, Long> values = new java.util.TreeMap<>();
        for (Mark mark : marks) {
            assertEquals(kind, mark.kind());
            assertEquals(null, values.put(mark.label(), mark.value()), "two bars for " + mark.label());
        }
        return values;
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(name) + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&") : null;
    }

    private static String body(String dom) {
        Matcher m = Pattern.compile("<body\\b((?:[^>\"]|\"[^\"]*\")*)>").matcher(dom);
        assertTrue(m.find(), "no body in the DOM");
        return m.group(1);
    }

    private static String head(String text) {
        return text.substring(0, Math.min(300, text.length()));
    }
}
