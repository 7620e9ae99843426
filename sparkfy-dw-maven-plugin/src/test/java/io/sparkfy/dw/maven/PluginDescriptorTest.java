package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code mvn sparkfy-dw:help -Ddetail} shows, read from the generated descriptor (META-INF/maven/plugin.xml):
 * a goal lists only parameters its own code reads, the required ones say so, and every parameter is in the README's
 * table for exactly the goals that have it, with the same property and default.
 */
class PluginDescriptorTest {

    /** Parameters a goal cannot run without (set here, or where the text says: a source block, dwh.cfg). */
    private static final Map<String, List<String>> REQUIRED = Map.ofEntries(
            Map.entry("load-stg", List.of("songData", "logData")),
            Map.entry("etl", List.of("songData", "logData")),
            Map.entry("query", List.of("sql")),
            Map.entry("drop-tables", List.of("confirm")),
            Map.entry("cluster-create", List.of("clusterIdentifier")),
            Map.entry("cluster-status", List.of("clusterIdentifier")),
            Map.entry("cluster-delete", List.of("clusterIdentifier", "confirm")),
            Map.entry("cluster-pause", List.of("clusterIdentifier", "confirm")),
            Map.entry("cluster-resume", List.of("clusterIdentifier")),
            Map.entry("serverless-create", List.of("namespaceName")),
            Map.entry("serverless-status", List.of("namespaceName")),
            Map.entry("serverless-delete", List.of("namespaceName", "confirm")));

    private static final PluginDescriptor PLUGIN = PluginDescriptor.read();
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages("io.sparkfy.dw.maven");

    @Test
    void everyParameterOfAGoalIsReadByThatGoalsCode() {
        List<String> unread = new ArrayList<>();
        for (PluginDescriptor.Mojo mojo : goals()) {
            JavaClass goal = CLASSES.get(mojo.implementation());
            for (String parameter : mojo.parameters().keySet()) {
                if (!readFor(goal, parameter)) {
                    unread.add(mojo.goal() + " " + parameter);
                }
            }
        }
        assertEquals(List.of(), unread, "parameters a goal declares but none of the code it runs reads");
    }

    @Test
    void theRequiredParametersSaySo() {
        List<String> unmarked = new ArrayList<>();
        REQUIRED.forEach((goal, names) -> {
            PluginDescriptor.Mojo mojo = PLUGIN.mojos().get(goal);
            for (String name : names) {
                PluginDescriptor.Parameter p = mojo.parameters().get(name);
                if (p == null || !(p.required() || p.description().startsWith("Required"))) {
                    unmarked.add(goal + " " + name);
                }
            }
        });
        assertEquals(List.of(), unmarked, "required parameters whose help does not say so");
        for (PluginDescriptor.Mojo mojo : goals()) {
            for (PluginDescriptor.Parameter p : mojo.parameters().values()) {
                if (p.description().startsWith("Required")) {
                    assertTrue(REQUIRED.getOrDefault(mojo.goal(), List.of()).contains(p.name()),
                            mojo.goal() + " " + p.name() + " says it is required: add it to REQUIRED");
                }
            }
        }
    }

    @Test
    void theReadmesTableHasEveryParameterForTheGoalsThatHaveIt() throws IOException {
        Map<String, Row> readme = readmeRows();
        Map<String, Set<String>> declared = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (PluginDescriptor.Mojo mojo : goals()) {
            for (PluginDescriptor.Parameter p : mojo.parameters().values()) {
                declared.computeIfAbsent(p.name(), n -> new TreeSet<>()).add(mojo.goal());
                Row row = readme.get(p.name());
                if (row == null) {
                    continue; // reported below
                }
                if (p.property() != null && !row.property().equals("`" + p.property() + "`")) {
                    wrong.add(p.name() + ": property " + p.property() + ", README " + row.property());
                }
                if (p.defaultValue() != null && !row.defaultValue().contains("`" + p.defaultValue() + "`")) {
                    wrong.add(p.name() + ": default " + p.defaultValue() + ", README " + row.defaultValue());
                }
                if (REQUIRED.getOrDefault(mojo.goal(), List.of()).contains(p.name())
                        && !row.defaultValue().startsWith("required")) {
                    wrong.add(p.name() + ": required, README's default column says " + row.defaultValue());
                }
            }
        }
        for (Map.Entry<String, Set<String>> parameter : declared.entrySet()) {
            Row row = readme.get(parameter.getKey());
            if (row == null) {
                wrong.add(parameter.getKey() + ": not in the README's table");
            } else if (!row.goals().equals(parameter.getValue())) {
                wrong.add(parameter.getKey() + ": goals " + parameter.getValue() + ", README " + row.goals());
            }
        }
        for (String name : readme.keySet()) {
            if (!declared.containsKey(name)) {
                wrong.add(name + ": in the README's table, but no goal has it");
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** The goals but help, which maven-plugin-plugin generates. */
    private static List<PluginDescriptor.Mojo> goals() {
        return PLUGIN.mojos().values().stream().filter(m -> !m.goal().equals("help")).toList();
    }

    /**
     * Whether code that runs for {@code goal} reads the parameter's field: a read in the goal's class or in a
     * superclass's method that the goal's classes do not override.
     */
    private static boolean readFor(JavaClass goal, String parameter) {
        Optional<JavaField> field = goal.getAllFields().stream().filter(f -> f.getName().equals(parameter)).findFirst();
        if (field.isEmpty()) {
            return false;
        }
        for (JavaFieldAccess access : field.get().getAccessesToSelf()) {
            if (access.getAccessType() == JavaFieldAccess.AccessType.GET && runsFor(goal, access)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the access's method runs when {@code goal} runs: it is in the goal's class or a superclass, and every
     * override of it between there and the goal calls it through {@code super}.
     */
    private static boolean runsFor(JavaClass goal, JavaAccess<?> access) {
        JavaCodeUnit origin = access.getOrigin();
        JavaClass owner = origin.getOwner();
        List<JavaClass> below = new ArrayList<>();
        for (JavaClass c = goal; c != null; c = c.getRawSuperclass().orElse(null)) {
            if (c.equals(owner)) {
                return below.stream().allMatch(sub -> overriding(sub, origin).map(m -> callsSuper(m, sub))
                        .orElse(true));
            }
            below.add(c);
        }
        return false;
    }

    private static Optional<JavaMethod> overriding(JavaClass subclass, JavaCodeUnit method) {
        if (!(method instanceof JavaMethod)) {
            return Optional.empty(); // constructors and initialisers run for every subclass
        }
        List<String> parameters = names(method.getRawParameterTypes());
        return subclass.getMethods().stream().filter(m -> m.getName().equals(method.getName())
                && names(m.getRawParameterTypes()).equals(parameters)).findFirst();
    }

    private static boolean callsSuper(JavaMethod override, JavaClass subclass) {
        return override.getMethodCallsFromSelf().stream().anyMatch(call -> call.getName().equals(override.getName())
                && !call.getTargetOwner().equals(subclass) && subclass.isAssignableTo(call.getTargetOwner().getName()));
    }

    private static List<String> names(List<JavaClass> types) {
        return types.stream().map(JavaClass::getName).toList();
    }

    record Row(String property, String defaultValue, Set<String> goals) {
    }

    /** The README's "Parameters" table, by parameter name, goal groups expanded to goals. */
    private Map<String, Row> readmeRows() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String table = readme.substring(readme.indexOf("\n## Parameters\n"));
        table = table.substring(0, table.indexOf("\n## ", 5));
        Map<String, Row> rows = new TreeMap<>();
        Pattern code = Pattern.compile("`([^`]+)`");
        for (String line : table.split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\s*\\|\\s*");
            // cells[0] is empty: | name | property | default | goals | meaning |
            Set<String> goals = new TreeSet<>();
            for (String group : cells[4].split(",\\s*")) {
                goals.addAll(expand(group.trim()));
            }
            Matcher names = code.matcher(cells[1]);
            while (names.find()) {
                rows.put(names.group(1), new Row(cells[2], cells[3], goals));
            }
        }
        assertTrue(rows.size() > 40, "README parameter rows: " + rows.keySet());
        return rows;
    }

    private static Set<String> expand(String group) {
        Set<String> goals = new TreeSet<>();
        switch (group) {
            case "all" -> goals().forEach(m -> goals.add(m.goal()));
            case "all warehouse goals" -> goals.addAll(extending(AbstractWarehouseMojo.class));
            case "cluster goals" -> goals.addAll(extending(AbstractClusterMojo.class));
            case "Serverless goals" -> goals.addAll(extending(AbstractServerlessMojo.class));
            default -> {
                assertTrue(group.matches("`[a-z-]+`"), "not a goal or a group of goals: " + group);
                assertTrue(PLUGIN.mojos().containsKey(group.substring(1, group.length() - 1)), "no goal " + group);
                goals.add(group.substring(1, group.length() - 1));
            }
        }
        return goals;
    }

    private static Set<String> extending(Class<?> base) {
        Set<String> goals = new TreeSet<>();
        for (PluginDescriptor.Mojo mojo : goals()) {
            if (CLASSES.get(mojo.implementation()).isAssignableTo(base)) {
                goals.add(mojo.goal());
            }
        }
        return goals;
    }
}
