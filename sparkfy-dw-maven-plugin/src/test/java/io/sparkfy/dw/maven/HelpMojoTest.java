package io.sparkfy.dw.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.maven.api.plugin.testing.Basedir;
import org.apache.maven.api.plugin.testing.InjectMojo;
import org.apache.maven.api.plugin.testing.MojoParameter;
import org.apache.maven.api.plugin.testing.MojoTest;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** {@code mvn sparkfy-dw:help} as a newcomer reads it, from the plugin's real descriptor. */
@MojoTest
@Basedir("/unit/etl")
class HelpMojoTest {

    @Test
    void theGoalsComeInTheOrderOfAFirstRunWithTheClusterGoalsLast(
            @InjectMojo(goal = "help", pom = "<project/>") HelpMojo help) throws Exception {
        List<String> lines = run(help);
        List<String> goals = lines.stream().filter(l -> l.startsWith("sparkfy-dw:")).toList();
        assertEquals("sparkfy-dw:create-tables", goals.get(0));
        assertEquals(List.of("sparkfy-dw:cluster-create", "sparkfy-dw:cluster-status", "sparkfy-dw:cluster-pause",
                "sparkfy-dw:cluster-resume", "sparkfy-dw:cluster-delete", "sparkfy-dw:serverless-create",
                "sparkfy-dw:serverless-status", "sparkfy-dw:serverless-delete", "sparkfy-dw:help"),
                goals.subList(goals.size() - 9, goals.size()));
        assertEquals(PluginDescriptor.read().mojos().size(), goals.size(), "every goal once");
        assertTrue(lines.get(0).startsWith("sparkfy-dw Maven plugin "), lines.get(0));
        assertTrue(lines.get(1).startsWith("  Goals that create, load and transform"), lines.get(1));
        assertWithin(lines, 80);
        assertTrue(lines.size() < 120, "help without detail: " + lines.size() + " lines");
    }

    @Test
    void detailListsEachGoalsOwnParametersRequiredFirst(
            @InjectMojo(goal = "help", pom = "<project/>") @MojoParameter(name = "detail", value = "true")
            HelpMojo help) throws Exception {
        List<String> lines = run(help);
        List<String> load = section(lines, "sparkfy-dw:load-stg");
        int songData = load.indexOf("    songData (required, -Dsparkfy.songData)");
        int logData = load.indexOf("    logData (required, -Dsparkfy.logData)");
        assertTrue(songData > 0 && logData > 0, String.join("\n", load));
        assertTrue(load.indexOf("    dryRun (-Dsparkfy.dryRun, default false)") > Math.max(songData, logData),
                "required parameters first");
        List<String> delete = section(lines, "sparkfy-dw:cluster-delete");
        assertTrue(delete.contains("    confirm (required, -Dsparkfy.confirm)"), String.join("\n", delete));
        assertFalse(delete.stream().anyMatch(l -> l.contains("nodeType") || l.contains("clusterType")
                || l.contains("vpcSecurityGroupId")), "cluster-create's parameters: " + String.join("\n", delete));
        List<String> serverlessDelete = section(lines, "sparkfy-dw:serverless-delete");
        int parameters = serverlessDelete.indexOf("  Parameters (property, default), required ones first:");
        assertEquals(List.of("    confirm (required, -Dsparkfy.confirm)",
                "    namespaceName (required, -Dsparkfy.namespaceName)"),
                serverlessDelete.subList(parameters + 1, parameters + 3), String.join("\n", serverlessDelete));
        assertTrue(section(lines, "sparkfy-dw:serverless-status").contains(
                "    namespaceName (required, -Dsparkfy.namespaceName)"), "serverless-status");
        assertFalse(section(lines, "sparkfy-dw:query").stream().anyMatch(l -> l.contains("lockTimeout")),
                "query takes no lock");
        assertWithin(lines, 80);
        // 17 goals with their own parameters only, one line each: about a screen per goal (the seed's was 974 lines)
        assertTrue(lines.size() < 480, "help -Ddetail: " + lines.size() + " lines");
    }

    @Test
    void oneGoalWithEachParametersText(
            @InjectMojo(goal = "help", pom = "<project/>") @MojoParameter(name = "detail", value = "true")
            @MojoParameter(name = "goal", value = "load-stg") HelpMojo help) throws Exception {
        List<String> lines = run(help);
        assertEquals(List.of("sparkfy-dw:load-stg"), lines.stream().filter(l -> l.startsWith("sparkfy-dw:")).toList());
        List<String> load = section(lines, "sparkfy-dw:load-stg");
        int region = load.indexOf("    region (-Dsparkfy.region)");
        assertTrue(region > 0, String.join("\n", load));
        String text = String.join(" ", load.subList(region + 1, region + 5)).replaceAll("\\s+", " ");
        assertTrue(text.contains("-Dsparkfy.region on the command line wins over a source's own <region>, which wins"
                + " over this POM value"), text);
        assertWithin(lines, 80);
    }

    @Test
    void anUnknownGoalIsOneClearFailure(@InjectMojo(goal = "help", pom = "<project/>")
                                        @MojoParameter(name = "goal", value = "load") HelpMojo help) {
        MojoFailureException e = assertThrows(MojoFailureException.class, help::execute);
        assertTrue(e.getMessage().startsWith("no goal 'load'; the goals: [check, cluster-create, "), e.getMessage());
    }

    private static List<String> run(HelpMojo help) throws Exception {
        List<String> out = new ArrayList<>();
        help.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                out.addAll(Arrays.asList(content.toString().split("\\R", -1)));
            }
        });
        help.execute();
        return out;
    }

    /** A goal's lines, up to the blank line before the next goal. */
    private static List<String> section(List<String> lines, String goal) {
        int start = lines.indexOf(goal);
        assertTrue(start >= 0, "no " + goal);
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("sparkfy-dw:")) {
            end++;
        }
        return lines.subList(start, end);
    }

    private static void assertWithin(List<String> lines, int width) {
        for (String line : lines) {
            assertTrue(line.length() <= width || !line.strip().contains(" "), "over " + width + ": " + line);
        }
    }
}
