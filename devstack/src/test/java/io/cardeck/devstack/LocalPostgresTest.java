package io.cardeck.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Against the machine's PostgreSQL at 127.0.0.1:5432 (see docs/devstack.md). */
class LocalPostgresTest {

    private final LocalPostgres postgres = new LocalPostgres();
    // Unique per run: parallel builds on one machine share the server.
    private final String database = "cardeck_devstack_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @AfterEach
    void dropTestDatabase() {
        postgres.dropDatabase(database);
    }

    @Test
    void theLocalServerAnswers() {
        postgres.checkReachable();
    }

    @Test
    void createsReusesAndDropsADatabase() throws SQLException {
        assertFalse(postgres.databaseExists(database));

        String url = postgres.ensureDatabase(database);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/" + database, url);
        assertTrue(postgres.databaseExists(database));
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE marker (id int)");
            statement.execute("INSERT INTO marker VALUES (42)");
        }

        // A second ensure keeps the database and what is in it.
        assertEquals(url, postgres.ensureDatabase(database));
        try (Connection connection = postgres.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM marker")) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
        }

        // Dropping closes open sessions, and dropping again is harmless.
        try (Connection open = postgres.connect(database)) {
            postgres.dropDatabase(database);
        }
        assertFalse(postgres.databaseExists(database));
        postgres.dropDatabase(database);
    }

    @Test
    void concurrentCallersAllGetTheDatabase() throws Exception {
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> urls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                urls.add(pool.submit(() -> postgres.ensureDatabase(database)));
            }
            for (Future<String> url : urls) {
                assertEquals("jdbc:postgresql://127.0.0.1:5432/" + database, url.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(postgres.databaseExists(database));
    }

    static Stream<String> badNames() {
        // 64 characters is one more than PostgreSQL keeps of a name (NAMEDATALEN - 1 = 63).
        return Stream.of("", "Cardeck", "card-deck", "card deck", "x;drop", "a\"b", "é", "a".repeat(64));
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void rejectsBadDatabaseNames(String name) {
        for (var call : List.<Runnable>of(
                () -> postgres.ensureDatabase(name), () -> postgres.dropDatabase(name), () -> postgres.jdbcUrl(name))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().contains("[a-z0-9_]"), e.getMessage());
        }
    }

    @Test
    void rejectsAMissingName() {
        assertThrows(IllegalArgumentException.class, () -> postgres.ensureDatabase(null));
    }

    @Test
    void acceptsTheLongestName() {
        String longest = "a".repeat(63);
        assertEquals("jdbc:postgresql://127.0.0.1:5432/" + longest, postgres.jdbcUrl(longest));
    }

    @Test
    void refusesToDropSystemDatabases() {
        for (String system : List.of("postgres", "template0", "template1")) {
            assertThrows(IllegalArgumentException.class, () -> postgres.dropDatabase(system));
        }
        assertTrue(postgres.databaseExists("postgres"));
    }

    @Test
    void saysHowToStartPostgresWhenNothingListens() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            unused = socket.getLocalPort();
        }
        LocalPostgres nowhere = new LocalPostgres("127.0.0.1", unused, "postgres");

        for (var call : List.<Runnable>of(nowhere::checkReachable, () -> nowhere.ensureDatabase(database))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, call::run);
            assertTrue(e.getMessage().contains("127.0.0.1:" + unused), e.getMessage());
            assertTrue(e.getMessage().contains("pg_ctlcluster --skip-systemctl-redirect"), e.getMessage());
        }
    }

    @Test
    void rejectsBadServerSettings() {
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres("127.0.0.1", 0, "postgres"));
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres("127.0.0.1", 65536, "postgres"));
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres(" ", 5432, "postgres"));
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres("127.0.0.1", 5432, ""));
        // Nothing that would change the JDBC URL around the host: a path, a port, parameters, blanks.
        for (String host : List.of("db/other", "db:5433", "db?sslmode=disable", "db host", "[::1", "-db")) {
            assertThrows(IllegalArgumentException.class, () -> new LocalPostgres(host, 5432, "postgres"), host);
        }
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres("127.0.0.1", 5432, "u".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> new LocalPostgres("127.0.0.1", 5432, "post\tgres"));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new LocalPostgres("127.0.0.1", 5432, "postgres", ""));
        assertTrue(empty.getMessage().startsWith("the password is empty"), empty.getMessage());
        assertEquals("jdbc:postgresql://[::1]:5432/cardeck", new LocalPostgres("[::1]", 5432, "postgres").jdbcUrl("cardeck"));
    }

    /** Trust authentication ignores a password: given one, the server still answers, and no message holds it. */
    @Test
    void aPasswordGoesWithTheLoginAndNeverIntoAMessage() throws IOException {
        LocalPostgres withPassword = new LocalPostgres("127.0.0.1", 5432, "postgres", "pw-not-in-messages");
        withPassword.checkReachable();
        assertEquals(Optional.of("pw-not-in-messages"), withPassword.password());
        int unused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            unused = socket.getLocalPort();
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new LocalPostgres("127.0.0.1", unused, "postgres", "pw-not-in-messages").checkReachable());
        assertFalse(refused.getMessage().contains("pw-not-in-messages"), refused.getMessage());
    }
}
