package io.sparkfy.dw.maven;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.lang.reflect.Field;
import java.util.Properties;
import org.apache.maven.execution.MavenSession;

/** For mojo tests: what Maven would hold as the session's user properties (-D on the command line). */
final class CommandLine {

    private CommandLine() {
    }

    static void set(AbstractSparkfyMojo mojo, Properties properties) throws Exception {
        MavenSession session = mock(MavenSession.class);
        when(session.getUserProperties()).thenReturn(properties);
        Field field = AbstractSparkfyMojo.class.getDeclaredField("session");
        field.setAccessible(true);
        field.set(mojo, session);
        if (mojo instanceof AbstractWarehouseMojo) { // the layers are read once per run: a new run reads them again
            Field layers = AbstractWarehouseMojo.class.getDeclaredField("layers");
            layers.setAccessible(true);
            layers.set(mojo, null);
        }
    }
}
