package io.cardeck.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;

/** TCP ports on the loopback interface, where the local platform listens. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port nothing listens on now (the system's choice). */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + LocalPlatform.LOOPBACK, e);
        }
    }

    /** A free port that is none of {@code taken} (ports chosen before, not listened on yet). */
    public static int freeExcept(int... taken) {
        while (true) {
            int port = free();
            if (Arrays.stream(taken).noneMatch(t -> t == port)) {
                return port;
            }
        }
    }

    /** Whether a server could listen on {@code port} now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
