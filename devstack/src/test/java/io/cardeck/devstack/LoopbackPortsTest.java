package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LoopbackPorts.PortRange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void aChosenPortIsFreeAndOutsideTheEphemeralRange() throws IOException {
        PortRange ephemeral = LoopbackPorts.ephemeralRange();
        for (int i = 0; i < 200; i++) {
            int port = LoopbackPorts.free();
            assertFalse(ephemeral.contains(port), port + " is in the ephemeral range " + ephemeral);
            assertTrue(port >= LoopbackPorts.LOWEST, port + " is below " + LoopbackPorts.LOWEST);
            try (ServerSocket listening = new ServerSocket(port, 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
                assertEquals(port, listening.getLocalPort());
            }
        }
    }

    @Test
    void aPortSomethingListensOnIsNotFree() throws IOException {
        try (ServerSocket held = new ServerSocket(LoopbackPorts.free(), 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
            assertFalse(LoopbackPorts.isFree(held.getLocalPort()));
            int other = LoopbackPorts.freeExcept(held.getLocalPort());
            assertTrue(other != held.getLocalPort() && LoopbackPorts.isFree(other));
        }
    }

    @Test
    void theRangeIsReadInTheKernelsFormatAndTheDefaultStandsForAnythingElse() {
        assertEquals(new PortRange(32768, 60999), PortRange.parse("32768\t60999\n"));
        assertEquals(new PortRange(15000, 20000), PortRange.parse("15000 20000"));
        for (String bad : new String[] {"", "32768", "a b", "60999 32768", "0 100", "1024 70000", "1 2 3"}) {
            assertEquals(LoopbackPorts.DEFAULT_EPHEMERAL, PortRange.parse(bad), "'" + bad + "'");
        }
    }

    @Test
    void theChoiceIsBelowOrAboveTheEphemeralRangeWhereEitherIsLargeEnough() {
        assertArrayEquals(new PortRange[] {new PortRange(10000, 32767), new PortRange(61000, 65535)},
                LoopbackPorts.choices(new PortRange(32768, 60999)));
        assertArrayEquals(new PortRange[] {new PortRange(10000, 49151)}, LoopbackPorts.choices(new PortRange(49152, 65535)));
        assertArrayEquals(new PortRange[] {new PortRange(61001, 65535)}, LoopbackPorts.choices(new PortRange(1024, 61000)));
        assertEquals(0, LoopbackPorts.choices(new PortRange(1024, 65535)).length, "none outside it: the system's choice");
    }
}
