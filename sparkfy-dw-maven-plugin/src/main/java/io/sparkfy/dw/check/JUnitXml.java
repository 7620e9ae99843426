package io.sparkfy.dw.check;

import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The results as a JUnit XML report in Surefire's format (its {@code surefire-test-report-3.0.xsd}), so CI
 * servers show each check as a test: one {@code testsuite}, one {@code testcase} per check (class name
 * {@code sparkfy-dw.checks.shipped} or {@code sparkfy-dw.checks.project}), a {@code failure} for each failed check
 * (its failing rows in the body), an {@code error} for a query that failed.
 *
 * <p>A warning is a passed test case whose {@code system-out} holds its rows: it never fails the build, and the
 * consumers that gate on the XML (GitLab's merge-request widget, Jenkins' unstable state, the test-report actions
 * on GitHub) count every {@code failure} and {@code error}, while a {@code skipped} case would say the check did
 * not run. Each of those shows a case's system output in its detail.
 */
final class JUnitXml {

    /** The file name: Surefire's consumers read {@code TEST-*.xml}. */
    static final String FILE = "TEST-sparkfy-dw.checks.xml";
    static final String SUITE = "sparkfy-dw.checks";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private JUnitXml() {
    }

    static String render(CheckReport report) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeNamespace("xsi", "http://www.w3.org/2001/XMLSchema-instance");
            xml.writeAttribute("http://www.w3.org/2001/XMLSchema-instance", "noNamespaceSchemaLocation",
                    "https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report-3.0.xsd");
            xml.writeAttribute("version", "3.0");
            xml.writeAttribute("name", SUITE);
            xml.writeAttribute("time", seconds(report.millis()));
            xml.writeAttribute("tests", String.valueOf(report.results().size()));
            xml.writeAttribute("errors", String.valueOf(report.count(CheckStatus.ERROR)));
            xml.writeAttribute("skipped", "0");
            xml.writeAttribute("failures", String.valueOf(report.count(CheckStatus.FAILED)));
            xml.writeAttribute("timestamp", TIMESTAMP.format(report.started().truncatedTo(ChronoUnit.SECONDS)));
            xml.writeCharacters("\n  ");
            xml.writeStartElement("properties");
            property(xml, "warehouse", report.warehouse());
            property(xml, "sparkfy-dw-sql.version", report.sqlVersion());
            property(xml, "sparkfy-dw-maven-plugin.version", report.pluginVersion());
            xml.writeCharacters("\n  ");
            xml.writeEndElement();
            for (CheckResult result : report.results()) {
                testcase(xml, result);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the JUnit XML: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static void testcase(XMLStreamWriter xml, CheckResult result) throws XMLStreamException {
        xml.writeCharacters("\n  ");
        xml.writeStartElement("testcase");
        xml.writeAttribute("name", result.check().name());
        xml.writeAttribute("classname", SUITE + "." + (result.check().shipped() ? "shipped" : "project"));
        xml.writeAttribute("time", seconds(result.millis()));
        switch (result.status()) {
            case FAILED -> {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("failure");
                xml.writeAttribute("message", clean(result.message()));
                xml.writeAttribute("type", "sparkfy-dw.check." + result.check().kind().replace("freshness: ",
                        "freshness."));
                xml.writeCharacters(clean(body(result)));
                xml.writeEndElement();
            }
            case ERROR -> {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("error");
                xml.writeAttribute("message", clean(result.message()));
                xml.writeAttribute("type", "java.sql.SQLException");
                xml.writeCharacters(clean(body(result)));
                xml.writeEndElement();
            }
            case WARNED -> {
                xml.writeCharacters("\n    ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean("WARNED, " + body(result)));
                xml.writeEndElement();
            }
            default -> {
            }
        }
        if (result.status() != CheckStatus.PASSED) {
            xml.writeCharacters("\n  ");
        }
        xml.writeEndElement();
    }

    /** The failing rows and where the check comes from: what a CI page shows under the case. */
    private static String body(CheckResult result) {
        StringBuilder body = new StringBuilder();
        body.append(result.message()).append('\n');
        for (String line : result.sample().lines()) {
            body.append(line).append('\n');
        }
        if (result.failingRows() > result.sample().rows().size()) {
            body.append("(first ").append(result.sample().rows().size()).append(" of ").append(result.rowsText())
                    .append(")\n");
        }
        body.append("check: ").append(result.check().origin()).append(" (").append(result.check().kind())
                .append(")\n");
        return body.toString();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", value == null ? "" : clean(value));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    /** Text XML 1.0 can hold: other control characters (data may hold them) become \\uXXXX. */
    static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD) || Character.isSurrogate(c);
            if (Character.isHighSurrogate(c) && (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
                allowed = false; // a lone surrogate
            }
            out.append(allowed ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
