package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.access.AccessControl;
import io.cardeck.access.ApiKey;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.cardeck.devstack.LocalPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** `cardeck keys` against the machine's PostgreSQL, in a throwaway database migrated as the gateway migrates its own. */
class KeysCommandTest {

    private static final String DATABASE = "cardeck_keys_test";
    private static final Path GATEWAY_MIGRATIONS = Path.of("../gateway/src/main/resources/db/migration").toAbsolutePath();
    private static String url;
    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void migrate() {
        LocalPostgres postgres = new LocalPostgres();
        postgres.dropDatabase(DATABASE);
        url = postgres.ensureDatabase(DATABASE);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(postgres.user());
        Flyway.configure().dataSource(dataSource).schemas("gateway").table("flyway_history")
                .locations("filesystem:" + GATEWAY_MIGRATIONS).load().migrate();
        dataSource.setCurrentSchema("gateway");
    }

    @AfterAll
    static void drop() {
        new LocalPostgres().dropDatabase(DATABASE);
    }

    @Test
    void aCreatedKeyIsPrintedOnceStoredHashedListedAndRevoked() throws SQLException {
        CardeckCommandTest.Run created = cardeck("keys", "create", "--role", "predict", "--name", "web-app", "--db", url, "--json");
        assertEquals(0, created.status(), created.err());
        ApiKey key = ApiKey.parse(created.json().get("key").asText());
        ApiKeyStore store = new ApiKeyStore(dataSource);
        assertEquals(Optional.of(new AccessControl.Holder("web-app", Role.PREDICT)), store.holder(key));
        assertFalse(storedText().contains(key.reveal()), "the table holds the plain key");
        assertTrue(storedText().contains(key.hash()));

        CardeckCommandTest.Run listed = cardeck("keys", "list", "--db", url);
        assertEquals(0, listed.status(), listed.err());
        assertTrue(listed.out().contains("web-app") && listed.out().contains(key.shownPrefix() + "..."), listed.out());
        assertFalse(listed.out().contains(key.reveal()), "a list shows the key");

        CardeckCommandTest.Run revoked = cardeck("keys", "revoke", "web-app", "--db", url);
        assertEquals(0, revoked.status(), revoked.err());
        assertTrue(revoked.out().startsWith("revoked key 'web-app' (role predict"), revoked.out());
        assertEquals(Optional.empty(), store.holder(key));
        JsonNode afterwards = cardeck("keys", "list", "--db", url, "--json").json();
        for (JsonNode line : afterwards) {
            if (line.get("name").asText().equals("web-app")) {
                assertTrue(line.get("revoked").isTextual(), afterwards.toString());
            }
        }

        CardeckCommandTest.Run again = cardeck("keys", "revoke", "web-app", "--db", url);
        assertEquals(1, again.status());
        assertTrue(again.err().contains("no active key is named or has the id 'web-app'"), again.err());
        // The name is free again once its key is revoked.
        assertEquals(0, cardeck("keys", "create", "--role", "read", "--name", "web-app", "--db", url).status());
    }

    @Test
    void aSecondActiveKeyOfTheSameNameIsRefused() {
        assertEquals(0, cardeck("keys", "create", "--role", "admin", "--name", "ops", "--db", url).status());
        CardeckCommandTest.Run twice = cardeck("keys", "create", "--role", "admin", "--name", "ops", "--db", url);
        assertEquals(1, twice.status());
        assertTrue(twice.err().contains("an active key is already named 'ops'"), twice.err());
    }

    @Test
    void badInputIsRefusedSayingWhatIsAccepted() {
        CardeckCommandTest.Run role = cardeck("keys", "create", "--role", "root", "--name", "x", "--db", url);
        assertEquals(1, role.status());
        assertTrue(role.err().contains("role must be one of admin, predict, read, metrics, got 'root'"), role.err());
        CardeckCommandTest.Run name = cardeck("keys", "create", "--role", "read", "--name", "my key", "--db", url);
        assertEquals(1, name.status());
        assertTrue(name.err().contains("a key's name must be 1 to 64 characters"), name.err());
        CardeckCommandTest.Run database = cardeck("keys", "list", "--db", "mysql://somewhere");
        assertEquals(1, database.status());
        assertTrue(database.err().contains("--db must be a PostgreSQL JDBC URL"), database.err());
        CardeckCommandTest.Run missing = cardeck("keys", "create", "--name", "x", "--db", url);
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("Missing required option: '--role=ROLE'"), missing.err());
    }

    @Test
    void aDatabaseTheGatewayHasNotMigratedIsNamed() {
        String postgres = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
        CardeckCommandTest.Run run = cardeck("keys", "list", "--db", postgres);
        assertEquals(1, run.status());
        assertTrue(run.err().contains("the api_keys table does not exist"), run.err());
    }

    private static String storedText() throws SQLException {
        StringBuilder text = new StringBuilder();
        try (Connection connection = dataSource.getConnection();
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT * FROM api_keys")) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    text.append(rows.getString(column)).append('\n');
                }
            }
        }
        return text.toString();
    }
}
