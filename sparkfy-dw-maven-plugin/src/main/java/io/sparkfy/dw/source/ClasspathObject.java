package io.sparkfy.dw.source;

import io.sparkfy.dw.SparkfyException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/** A resource of the plugin's class path, such as the JSONPaths file that ships in sparkfy-dw-sql. */
final class ClasspathObject implements SourceObject {

    private final String location;
    private final URL url;

    ClasspathObject(String location, ClassLoader loader) {
        this.location = location;
        this.url = loader.getResource(location.substring(Sources.CLASSPATH.length()));
        if (url == null) {
            throw new SparkfyException(location + ": no such resource on the plugin's class path");
        }
    }

    @Override
    public String name() {
        return location;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public InputStream open() throws IOException {
        return url.openStream();
    }
}
