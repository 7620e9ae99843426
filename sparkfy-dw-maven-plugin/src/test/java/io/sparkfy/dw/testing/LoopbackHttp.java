package io.sparkfy.dw.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;

/** The JDK's HTTP server on a free loopback port, for the in-process fakes of AWS APIs the real SDK clients call. */
public final class LoopbackHttp {

    private LoopbackHttp() {
    }

    /** Started, every path answered by {@code handler}; {@code what} names the fake in a failure to start. */
    public static HttpServer start(String what, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + what, e);
        }
        server.createContext("/", handler);
        server.start();
        return server;
    }

    /** The endpoint override that reaches {@code server}. */
    public static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
