package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where `up` and `demo` start the platform: the database from the environment, free ports where the defaults are taken. */
class LocalSettingsTest {

    @Test
    void theDatabaseComesFromTheEnvironmentAndABadNameSaysWhatIsAccepted() {
        List<String> said = new ArrayList<>();
        assertEquals(LocalPlatform.DATABASE, UpCommand.localSettings(Map.of(), said::add).database());
        assertEquals("cardeck_mine", UpCommand.localSettings(Map.of(UpCommand.DATABASE_VARIABLE, "cardeck_mine"), said::add)
                .database());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> UpCommand.localSettings(Map.of(UpCommand.DATABASE_VARIABLE, "Robert'); DROP"), said::add));
        assertTrue(bad.getMessage().startsWith("$CARDECK_DATABASE: invalid database name 'Robert'); DROP'; expected 1 to 63"
                + " characters from [a-z0-9_] (unset, it is cardeck)"), bad.getMessage());
    }

    @Test
    void aDefaultPortAnotherProcessHoldsIsReplacedByAFreeOneAndSaidSo() throws Exception {
        LocalPlatform.Settings defaults = LocalPlatform.Settings.defaults();
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
            LocalPlatform.Settings holding = new LocalPlatform.Settings(defaults.kafkaPort(), defaults.kafkaControllerPort(),
                    defaults.prunerPort(), defaults.evaluatorPort(), defaults.ensemblePort(), held.getLocalPort(),
                    defaults.database(), Map.of());
            List<String> said = new ArrayList<>();
            LocalPlatform.Settings moved = holding.withFreePortsWhereTaken(said::add);
            assertNotEquals(held.getLocalPort(), moved.gatewayPort());
            assertTrue(said.contains("port " + held.getLocalPort() + " is in use by another process; the gateway listens on "
                    + moved.gatewayPort() + " instead"), said.toString());
            try (ServerSocket free = new ServerSocket(moved.gatewayPort(), 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
                assertEquals(moved.gatewayPort(), free.getLocalPort(), "the replacement is free");
            }
        }
    }
}
