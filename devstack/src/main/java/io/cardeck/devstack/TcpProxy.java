package io.cardeck.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a free loopback port in front of a real server, which a test can cut (every open
 * connection closed, every new one closed as soon as it is accepted) and restore, to give a service
 * an outage of its database or broker without touching the server others use.
 */
public final class TcpProxy implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    /** Both ends of every connection passed through, so that a cut can close them all. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private TcpProxy(String targetHost, int targetPort, ServerSocket server) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = server;
    }

    /** Listens on a free port of 127.0.0.1 and passes connections through to {@code targetHost:targetPort}. */
    public static TcpProxy start(String targetHost, int targetPort) {
        ServerSocket server;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port for a proxy to " + targetHost + ":" + targetPort, e);
        }
        TcpProxy proxy = new TcpProxy(targetHost, targetPort, server);
        daemon("accept", proxy::acceptUntilClosed).start();
        return proxy;
    }

    public String host() {
        return server.getInetAddress().getHostAddress();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every connection and closes each new one at once, until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
    }

    /** Passes new connections through again. */
    public void restore() {
        cut = false;
    }

    @Override
    public void close() {
        cut();
        closeQuietly(server);
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                closeQuietly(client);
            } else {
                daemon("connect", () -> passThrough(client)).start();
            }
        }
    }

    private void passThrough(Socket client) {
        Socket target = new Socket();
        open.add(client);
        open.add(target);
        try {
            target.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
            // A cut between accept and here must not leave this connection through.
            if (cut) {
                throw new IOException("cut");
            }
            daemon("to-target", () -> pump(client, target)).start();
            pump(target, client);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(target);
            open.remove(client);
            open.remove(target);
        }
    }

    /** Copies until either side closes, then closes both, so the other direction ends too. */
    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // One side closed or was cut: closing both below ends the connection for the other side too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String role, Runnable body) {
        Thread thread = new Thread(body, "tcp-proxy-" + role + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed or broken: either way it carries nothing more.
        }
    }
}
