package io.sparkfy.dw.maven;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** The generated META-INF/maven/plugin.xml on the test class path, as the tests about it read it. */
record PluginDescriptor(String groupId, String artifactId, String goalPrefix, Map<String, Mojo> mojos) {

    /** One goal: its implementation class and its user-visible (editable) parameters by name. */
    record Mojo(String goal, String implementation, String description, Map<String, Parameter> parameters) {
    }

    /** One parameter as {@code help} shows it. */
    record Parameter(String name, String type, boolean required, String description, String property,
                     String defaultValue) {
    }

    static PluginDescriptor read() {
        try (InputStream in = PluginDescriptor.class.getClassLoader().getResourceAsStream("META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/maven/plugin.xml is not on the test class path");
            }
            Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            Element plugin = document.getDocumentElement();
            Map<String, Mojo> mojos = new LinkedHashMap<>();
            for (Element mojo : children(child(plugin, "mojos"), "mojo")) {
                Map<String, String[]> configuration = new LinkedHashMap<>();
                Element config = child(mojo, "configuration");
                if (config != null) {
                    for (Element c : children(config, null)) {
                        configuration.put(c.getTagName(), new String[] {c.getTextContent().trim(),
                                c.getAttribute("default-value")});
                    }
                }
                Map<String, Parameter> parameters = new LinkedHashMap<>();
                for (Element p : children(child(mojo, "parameters"), "parameter")) {
                    if (!Boolean.parseBoolean(text(p, "editable"))) {
                        continue; // ${project}, ${session} and the like: not the user's to set
                    }
                    String name = text(p, "name");
                    String[] c = configuration.getOrDefault(name, new String[] {"", ""});
                    String expression = c[0];
                    parameters.put(name, new Parameter(name, text(p, "type"), Boolean.parseBoolean(text(p, "required")),
                            text(p, "description"), expression.startsWith("${") && expression.endsWith("}")
                            ? expression.substring(2, expression.length() - 1) : null,
                            c[1].isEmpty() ? null : c[1]));
                }
                mojos.put(text(mojo, "goal"), new Mojo(text(mojo, "goal"), text(mojo, "implementation"),
                        text(mojo, "description"), parameters));
            }
            return new PluginDescriptor(text(plugin, "groupId"), text(plugin, "artifactId"),
                    text(plugin, "goalPrefix"), mojos);
        } catch (IOException | javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IllegalStateException("cannot read META-INF/maven/plugin.xml: " + e, e);
        }
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && (name == null || e.getTagName().equals(name))) {
                found.add(e);
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
