package io.sparkfy.dw.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/**
 * Defaults under {@code ${project.build.directory}}. Run with no POM of one's own (requiresProject = false), Maven
 * leaves that expression uninterpolated, so the default becomes {@code ./target} of the current folder.
 */
final class BuildDirectory {

    private BuildDirectory() {
    }

    static Path resolve(File configured, MavenProject project, String defaultChild) {
        if (configured != null && !configured.getPath().contains("${")) {
            return configured.toPath();
        }
        String buildDirectory = project == null ? null : project.getBuild().getDirectory();
        Path base = buildDirectory != null && !buildDirectory.contains("${")
                ? Path.of(buildDirectory)
                : Path.of(project == null || project.getBasedir() == null ? "." : project.getBasedir().getPath(),
                        "target");
        return base.resolve(defaultChild).toAbsolutePath().normalize();
    }
}
