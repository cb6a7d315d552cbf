package io.cardeck.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports on the loopback interface, where the local platform listens.
 * <p>
 * A port is chosen outside the system's ephemeral range. A port from that range (the system's own
 * choice for port 0) can be taken between its choice and the listen by the local end of any outgoing
 * connection, a Kafka client's say, and then the service that was to listen on it fails to start.
 */
public final class LoopbackPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default ephemeral range, for a system whose range cannot be read. */
    static final PortRange DEFAULT_EPHEMERAL = new PortRange(32768, 60999);
    /** Below this are the ports of well-known servers. */
    static final int LOWEST = 10000;
    private static final int HIGHEST = 65535;
    /** Fewer ports than this outside the ephemeral range, and the system's choice is taken instead. */
    private static final int ENOUGH = 1000;

    private LoopbackPorts() {
    }

    /** The ports from {@code low} to {@code high}, both included. */
    record PortRange(int low, int high) {

        boolean contains(int port) {
            return port >= low && port <= high;
        }

        int size() {
            return high - low + 1;
        }

        /** The range in {@code ip_local_port_range}'s form ("low high"), or the default where it is not that. */
        static PortRange parse(String text) {
            String[] parts = text.trim().split("\\s+");
            try {
                if (parts.length == 2) {
                    int low = Integer.parseInt(parts[0]);
                    int high = Integer.parseInt(parts[1]);
                    if (0 < low && low <= high && high <= HIGHEST) {
                        return new PortRange(low, high);
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the default
            }
            return DEFAULT_EPHEMERAL;
        }
    }

    /** The system's ephemeral range: where it puts the local end of outgoing connections. */
    static PortRange ephemeralRange() {
        try {
            return PortRange.parse(Files.readString(EPHEMERAL_RANGE));
        } catch (IOException e) {
            return DEFAULT_EPHEMERAL;
        }
    }

    /** The ports to choose from, given the ephemeral range; empty if too few lie outside it. */
    static PortRange[] choices(PortRange ephemeral) {
        PortRange below = new PortRange(LOWEST, ephemeral.low() - 1);
        PortRange above = new PortRange(ephemeral.high() + 1, HIGHEST);
        return Arrays.stream(new PortRange[] {below, above}).filter(r -> r.size() >= ENOUGH).toArray(PortRange[]::new);
    }

    /** A port nothing listens on now, outside the ephemeral range where there are enough such ports. */
    public static int free() {
        PortRange[] choices = choices(ephemeralRange());
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; choices.length > 0 && attempt < ENOUGH; attempt++) {
            PortRange range = choices[random.nextInt(choices.length)];
            int port = range.low() + random.nextInt(range.size());
            if (isFree(port)) {
                return port;
            }
        }
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
