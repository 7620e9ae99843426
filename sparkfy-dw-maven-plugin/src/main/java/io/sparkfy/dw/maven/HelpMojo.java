package io.sparkfy.dw.maven;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Describes the goals in the order of a first run. {@code -Ddetail} lists each goal's parameters (property,
 * default, required ones first); {@code -Ddetail -Dgoal=load-stg} describes each parameter of that goal.
 */
@Mojo(name = "help", requiresProject = false, threadSafe = true)
public class HelpMojo extends AbstractMojo {

    /**
     * Also list each goal's parameters; with {@link #goal}, each one's description.
     *
     * @since 0.1.0
     */
    @Parameter(property = "detail", defaultValue = "false")
    private boolean detail;

    /**
     * Only this goal, e.g. {@code load-stg}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "goal")
    private String goal;

    /**
     * Width to wrap the text at.
     *
     * @since 0.1.0
     */
    @Parameter(property = "lineLength", defaultValue = "80")
    private int lineLength;

    /**
     * Spaces per level of indentation.
     *
     * @since 0.1.0
     */
    @Parameter(property = "indentSize", defaultValue = "2")
    private int indentSize;

    /** This plugin's descriptor, as Maven read it from META-INF/maven/plugin.xml. */
    @Parameter(defaultValue = "${plugin}", readonly = true)
    private PluginDescriptor plugin;

    @Override
    public void execute() throws MojoFailureException {
        List<GoalHelp.Goal> goals = new ArrayList<>();
        for (MojoDescriptor mojo : plugin.getMojos()) {
            List<GoalHelp.Parameter> parameters = new ArrayList<>();
            for (org.apache.maven.plugin.descriptor.Parameter p : mojo.getParameters()) {
                if (!p.isEditable()) {
                    continue; // ${project}, ${session}: Maven's to set
                }
                String description = p.getDescription() == null ? "" : p.getDescription();
                parameters.add(new GoalHelp.Parameter(p.getName(), property(p.getExpression()), p.getDefaultValue(),
                        p.isRequired() || description.startsWith("Required"), description, p.getDeprecated() != null));
            }
            goals.add(new GoalHelp.Goal(mojo.getGoal(), mojo.getDescription(), parameters));
        }
        String only = goal == null || goal.isBlank() ? null : goal.strip();
        try {
            String text = String.join(System.lineSeparator(), new GoalHelp(plugin.getGoalPrefix(), lineLength,
                    indentSize).lines(plugin.getName() + " " + plugin.getVersion(), plugin.getDescription(), goals,
                    detail, only));
            getLog().info(text);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private static String property(String expression) {
        return expression != null && expression.startsWith("${") && expression.endsWith("}")
                ? expression.substring(2, expression.length() - 1) : null;
    }
}
