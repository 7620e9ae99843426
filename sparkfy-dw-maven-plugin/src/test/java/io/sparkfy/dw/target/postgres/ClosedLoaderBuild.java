package io.sparkfy.dw.target.postgres;

import io.sparkfy.dw.Log;
import io.sparkfy.dw.SparkfyException;
import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A "build" as Maven runs one: the plugin's classes in a class loader of their own (a plugin realm), which is closed
 * when the build is done, before the JVM's shutdown hooks run. Starts the warehouse and deploys the schema in it,
 * then closes the loader and lets the JVM end.
 */
public final class ClosedLoaderBuild {

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        URLClassLoader realm = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Class<?> build = realm.loadClass(Goals.class.getName());
        if (args.length > 1 && args[1].equals("fail")) {
            // A start that fails (its port is taken), as in the issue: the build ends with the error.
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                build.getMethod("fail", String.class, int.class).invoke(null, args[0], taken.getLocalPort());
            }
        } else {
            build.getMethod("run", String.class).invoke(null, args[0]);
        }
        realm.close();
        System.out.println("CLOSED");
        System.out.flush();
    }

    /** What the build does, loaded through the realm. */
    public static final class Goals {

        public static void run(String folder) {
            InterruptedBuildTest.build(folder);
        }

        public static void fail(String folder, int port) {
            try {
                EmbeddedPostgresServer.jdbcUrl(Path.of(folder), port, Log.silent());
                throw new AssertionError("the server started on a port that is taken");
            } catch (SparkfyException e) {
                System.out.println("FAILED AS EXPECTED");
            }
        }
    }
}
