package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startAnEchoServerBehindTheProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    Thread pump = new Thread(() -> {
                        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the proxy closed it
                        }
                    });
                    pump.setDaemon(true);
                    pump.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = TcpProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void bytesPassThroughUntilACutClosesTheConnectionAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket before = connect()) {
            assertEquals("hello", roundTrip(before, "hello"));

            proxy.cut();

            assertEquals(-1, readAfterCut(before), "the open connection is closed");
        }
        try (Socket during = connect()) {
            assertEquals(-1, readAfterCut(during), "a new connection is closed at once");
        }

        proxy.restore();

        try (Socket after = connect()) {
            assertEquals("back", roundTrip(after, "back"));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(proxy.host(), proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] sent = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(sent);
        byte[] received = socket.getInputStream().readNBytes(sent.length);
        assertArrayEquals(sent, received);
        return new String(received, StandardCharsets.UTF_8);
    }

    /** -1 once the proxy closed the connection; a reset reads the same to a client. */
    private static int readAfterCut(Socket socket) {
        try {
            return socket.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
