package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Where `up` and `demo` start the platform: the database and PostgreSQL from the environment, free ports where
 * the defaults are taken, and no start at all when PostgreSQL does not answer.
 */
class LocalSettingsTest {

    private static final String PASSWORD = "pw-never-shown-7f3a";

    @Test
    void postgresDefaultsToTheMachinesAndEverySettingComesFromItsVariable() {
        List<String> said = new ArrayList<>();
        LocalPostgres defaults = UpCommand.localSettings(Map.of(), said::add).postgres();
        assertEquals(List.of("127.0.0.1", 5432, "postgres", Optional.empty()),
                List.of(defaults.host(), defaults.port(), defaults.user(), defaults.password()));

        LocalPlatform.Settings set = UpCommand.localSettings(Map.of(UpCommand.DB_HOST_VARIABLE, "db.example.org",
                UpCommand.DB_PORT_VARIABLE, "6543", UpCommand.DB_USER_VARIABLE, "cardeck", UpCommand.DB_PASSWORD_VARIABLE,
                PASSWORD, UpCommand.DATABASE_VARIABLE, "cardeck_mine"), said::add);
        LocalPostgres postgres = set.postgres();
        assertEquals(List.of("db.example.org", 6543, "cardeck", Optional.of(PASSWORD)),
                List.of(postgres.host(), postgres.port(), postgres.user(), postgres.password()));
        assertEquals("jdbc:postgresql://db.example.org:6543/cardeck_mine", postgres.jdbcUrl(set.database()));
        assertEquals("[::1]", UpCommand.localSettings(Map.of(UpCommand.DB_HOST_VARIABLE, "[::1]"), said::add).postgres().host());
        assertFalse(set.toString().contains(PASSWORD), "the settings as text hold no password: " + set);
        // cardeck keys writes the same database unless told otherwise.
        assertEquals("jdbc:postgresql://db.example.org:6543/cardeck_mine", KeysCommand.Database.platformUrl(Map.of(
                UpCommand.DB_HOST_VARIABLE, "db.example.org", UpCommand.DB_PORT_VARIABLE, "6543",
                UpCommand.DATABASE_VARIABLE, "cardeck_mine")));
        assertEquals("jdbc:postgresql://127.0.0.1:5432/cardeck", KeysCommand.Database.platformUrl(Map.of()));
    }

    /** One case per kind of bad value; each message names the variable, says what is accepted, and never the password. */
    @Test
    void aBadPostgresSettingSaysWhichVariableAndWhatIsAccepted() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(UpCommand.DB_HOST_VARIABLE + "=db/cardeck", "$CARDECK_DB_HOST: host 'db/cardeck' is not accepted: give a host"
                + " name or IPv4 address (letters, digits, '.' and '-'), or an IPv6 address in brackets (unset, it is 127.0.0.1)");
        bad.put(UpCommand.DB_HOST_VARIABLE + "=db:5432", "$CARDECK_DB_HOST: host 'db:5432' is not accepted");
        bad.put(UpCommand.DB_HOST_VARIABLE + "=", "$CARDECK_DB_HOST: host '' is not accepted");
        bad.put(UpCommand.DB_PORT_VARIABLE + "=fivefourthreetwo", "$CARDECK_DB_PORT: 'fivefourthreetwo' is not a TCP port; give a"
                + " number 1..65535 (unset, it is 5432)");
        bad.put(UpCommand.DB_PORT_VARIABLE + "=0", "$CARDECK_DB_PORT: port must be a TCP port 1..65535, got 0 (unset, it is 5432)");
        bad.put(UpCommand.DB_PORT_VARIABLE + "=65536", "$CARDECK_DB_PORT: port must be a TCP port 1..65535, got 65536");
        bad.put(UpCommand.DB_USER_VARIABLE + "= ", "$CARDECK_DB_USER: user ' ' is not accepted: give a PostgreSQL role name of"
                + " 1 to 63 characters, not blank, without control characters (unset, it is postgres)");
        bad.put(UpCommand.DB_USER_VARIABLE + "=" + "u".repeat(64), "$CARDECK_DB_USER: user '" + "u".repeat(64) + "' is not accepted");
        bad.put(UpCommand.DB_USER_VARIABLE + "=card\ndeck", "$CARDECK_DB_USER: user 'card\ndeck' is not accepted");
        bad.put(UpCommand.DB_PASSWORD_VARIABLE + "=", "$CARDECK_DB_PASSWORD: the password is empty: give the user's password,"
                + " or none at all for trust authentication (unset, it is none)");
        bad.put(UpCommand.DATABASE_VARIABLE + "=Cardeck", "$CARDECK_DATABASE: invalid database name 'Cardeck'");
        bad.forEach((assignment, expected) -> {
            String[] parts = assignment.split("=", 2);
            Map<String, String> environment = new HashMap<>(Map.of(parts[0], parts[1]));
            environment.putIfAbsent(UpCommand.DB_PASSWORD_VARIABLE, PASSWORD);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> UpCommand.localSettings(environment, line -> { }), assignment);
            assertTrue(refused.getMessage().startsWith(expected), assignment + ": " + refused.getMessage());
            assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
        });
    }

    /** Nothing listens on the port: the command stops before starting anything, says what it tried and how to change it. */
    @Test
    void whenPostgresDoesNotAnswerNothingStartsAndTheMessageSaysWhatWasTriedAndHowToSetIt() throws Exception {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LocalPlatform.LOOPBACK))) {
            unused = socket.getLocalPort();
        }
        List<String> said = new ArrayList<>();
        LocalPlatform.Settings settings = UpCommand.localSettings(Map.of(UpCommand.DB_PORT_VARIABLE, String.valueOf(unused),
                UpCommand.DB_USER_VARIABLE, "cardeck", UpCommand.DB_PASSWORD_VARIABLE, PASSWORD,
                UpCommand.DATABASE_VARIABLE, "cardeck_refused"), said::add);
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> UpCommand.startPlatform(settings,
                said::add));
        String message = refused.getMessage();
        assertTrue(message.startsWith("PostgreSQL at 127.0.0.1:" + unused + " as user cardeck is not reachable ("), message);
        assertTrue(message.endsWith("Nothing was started. The platform's database cardeck_refused is to be on that server;"
                + " set $CARDECK_DB_HOST, $CARDECK_DB_PORT, $CARDECK_DB_USER, $CARDECK_DB_PASSWORD and $CARDECK_DATABASE"
                + " to use another server, user or database."), message);
        assertFalse(message.contains(PASSWORD), message);
        assertEquals(List.of(), said, "the platform said nothing: it did not get as far as starting anything");
    }

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
                    defaults.postgres(), defaults.database(), Map.of());
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
