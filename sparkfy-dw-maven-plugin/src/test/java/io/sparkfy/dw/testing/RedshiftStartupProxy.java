package io.sparkfy.dw.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy that lets the Amazon Redshift JDBC driver talk to a plain PostgreSQL server.
 *
 * <p>The driver adds start-up parameters of its own ({@code driver_version}, {@code os_version},
 * {@code client_protocol_version}, {@code driver_discovery_version}) that PostgreSQL refuses with
 * "unrecognized configuration parameter", and no driver property turns them off. This proxy removes them from
 * the start-up message and then only copies messages, so everything after the handshake is the real protocol
 * (it notes the SQL the client sends, for tests of what reaches the server).
 * Connect with {@code ssl=false}; the proxy also declines SSL and GSS encryption requests itself.
 */
public final class RedshiftStartupProxy implements AutoCloseable {

    private static final int PROTOCOL_3_0 = 196608;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    /** PostgreSQL caps start-up packets at 10000 bytes; anything bigger is not a start-up message. */
    private static final int MAX_STARTUP_LENGTH = 10_000;
    private static final Set<String> REDSHIFT_ONLY = Set.of(
            "driver_version", "os_version", "client_protocol_version", "driver_discovery_version");

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    /** Every socket still open, so that close() can end all connections and hence all their threads. */
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** The SQL text of every Query and Parse message the clients sent, in the order it passed. */
    private final List<String> statements = Collections.synchronizedList(new ArrayList<>());

    private RedshiftStartupProxy(String targetHost, int targetPort, ServerSocket listener) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = listener;
    }

    /** Listens on an ephemeral port of 127.0.0.1 and forwards every connection to the given PostgreSQL server. */
    public static RedshiftStartupProxy start(String targetHost, int targetPort) throws IOException {
        RedshiftStartupProxy proxy = new RedshiftStartupProxy(
                targetHost, targetPort, new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        daemon("redshift-proxy-" + proxy.port() + "-accept", proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:redshift://127.0.0.1:" + port() + "/" + database;
    }

    /** What the clients sent as SQL so far (simple queries and prepared statements), for tests of what is sent. */
    public List<String> statements() {
        synchronized (statements) {
            return List.copyOf(statements);
        }
    }

    /** Stops accepting and closes every open connection; their threads then end on the closed sockets. */
    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(this::closeQuietly);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = track(listener.accept());
                daemon(threadName("client", client), () -> serve(client));
            } catch (IOException e) {
                return; // the listener was closed
            }
        }
    }

    private void serve(Socket client) {
        Socket server = null;
        try {
            DataInputStream in = new DataInputStream(client.getInputStream());
            byte[] message = readStartupPacket(in);
            int code = ByteBuffer.wrap(message, 4, 4).getInt();
            // The driver may first ask for SSL or GSS encryption: say no ('N'), and the client sends the real message.
            while (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                client.getOutputStream().write('N'); // unbuffered socket stream: no flush needed
                message = readStartupPacket(in);
                code = ByteBuffer.wrap(message, 4, 4).getInt();
            }
            // A CancelRequest (code 80877102: Statement.cancel and query timeouts send it on a new connection) and any
            // other code go through unchanged; only a protocol 3.0 start-up message carries parameters.
            if (code == PROTOCOL_3_0) {
                message = withoutRedshiftParameters(message);
            }
            server = track(new Socket(targetHost, targetPort));
            server.getOutputStream().write(message);
            server.getOutputStream().flush();
            Socket target = server;
            daemon(threadName("server", client), () -> pipe(target, client));
            if (code == PROTOCOL_3_0) {
                forwardMessages(client, server);
            } else {
                pipe(client, server);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Reads one length-prefixed start-up packet (it has no type byte), the length included. */
    private static byte[] readStartupPacket(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new IOException("not a PostgreSQL start-up packet, length " + length);
        }
        byte[] message = new byte[length];
        ByteBuffer.wrap(message).putInt(length);
        in.readFully(message, 4, length - 4);
        return message;
    }

    /** Copies the key\0value\0 pairs except the Redshift-only ones, and writes the new length. */
    static byte[] withoutRedshiftParameters(byte[] startup) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(startup.length);
        int at = 8;
        while (at < startup.length && startup[at] != 0) {
            int keyEnd = indexOfZero(startup, at);
            int valueEnd = indexOfZero(startup, keyEnd + 1);
            String key = new String(startup, at, keyEnd - at, StandardCharsets.UTF_8);
            if (!REDSHIFT_ONLY.contains(key)) {
                body.write(startup, at, valueEnd + 1 - at);
            }
            at = valueEnd + 1;
        }
        body.write(0);
        ByteBuffer out = ByteBuffer.allocate(8 + body.size());
        out.putInt(8 + body.size()).putInt(PROTOCOL_3_0).put(body.toByteArray());
        return out.array();
    }

    private static int indexOfZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("start-up parameter without its terminating zero byte");
    }

    /**
     * Copies the client's messages (a type byte, a length that counts itself, the body) one by one, noting the SQL
     * of Query ('Q': the text) and Parse ('P': a statement name, then the text); then closes both sides.
     */
    private void forwardMessages(Socket from, Socket to) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(from.getInputStream()));
             OutputStream out = new BufferedOutputStream(to.getOutputStream())) {
            for (int type; (type = in.read()) >= 0; ) {
                int length = in.readInt();
                byte[] body = new byte[length - 4];
                in.readFully(body);
                if (type == 'Q') {
                    statements.add(cString(body, 0));
                } else if (type == 'P') {
                    statements.add(cString(body, indexOfZero(body, 0) + 1));
                }
                out.write(type);
                out.write(ByteBuffer.allocate(4).putInt(length).array());
                out.write(body);
                if (in.available() == 0) { // what the client sent at once goes on at once, and nothing waits
                    out.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the other direction, or close(), closed the socket under us
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static String cString(byte[] bytes, int from) {
        return new String(bytes, from, indexOfZero(bytes, from) - from, StandardCharsets.UTF_8);
    }

    /** Copies one direction until it ends, then closes both sides: the PostgreSQL protocol has no half-close. */
    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16384];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other direction, or close(), closed the socket under us
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private Socket track(Socket socket) throws IOException {
        sockets.add(socket);
        if (listener.isClosed()) { // close() ran meanwhile and will not see this socket
            closeQuietly(socket);
            throw new IOException("proxy closed");
        }
        socket.setTcpNoDelay(true); // one small message each way per round trip: do not let Nagle delay it
        return socket;
    }

    private void closeQuietly(Socket socket) {
        if (socket != null) {
            sockets.remove(socket);
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
        }
    }

    /** Names say which proxy a thread belongs to, for thread dumps and for the test that checks none is left. */
    private String threadName(String side, Socket client) {
        return "redshift-proxy-" + port() + "-" + side + "-" + client.getPort();
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }
}
