package io.sparkfy.dw.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.project.MavenProject;

/**
 * Defaults under {@code ${project.build.directory}}, and the folder relative paths start from. Run with no POM of
 * one's own (requiresProject = false), Maven leaves that expression uninterpolated, so the default becomes
 * {@code ./target} of the current folder.
 */
final class BuildDirectory {

    private BuildDirectory() {
    }

    static Path resolve(File configured, MavenProject project, String defaultChild) {
        if (configured != null && !configured.getPath().contains("${")) {
            // Maven makes a File parameter absolute from the project's folder; the test harness may not.
            return base(project).resolve(configured.toPath()).toAbsolutePath().normalize();
        }
        String buildDirectory = project == null ? null : project.getBuild().getDirectory();
        Path base = buildDirectory != null && !buildDirectory.contains("${")
                ? base(project).resolve(buildDirectory)
                : base(project).resolve("target");
        return base.resolve(defaultChild).toAbsolutePath().normalize();
    }

    /** The project's folder; with no project (or none on disk), the folder Maven runs in. */
    static Path base(MavenProject project) {
        File basedir = project == null ? null : project.getBasedir();
        return (basedir == null ? Path.of("") : basedir.toPath()).toAbsolutePath().normalize();
    }
}
