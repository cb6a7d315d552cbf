package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cardeck up} as a user runs it: the platform starts, the whole zoo is registered, the gateway
 * answers with the admin key it printed, and Ctrl-C (SIGTERM) stops everything with nothing left
 * listening and no process left behind.
 */
class UpIT {

    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+))");
    private static final String DATABASE = "cardeck_up_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @TempDir
    static Path home;

    @AfterAll
    static void dropDatabase() {
        new LocalPostgres().dropDatabase(DATABASE);
    }

    @Test
    void upRegistersTheZooAndCtrlCStopsEverythingWithNothingLeftListening() throws Exception {
        try (CardeckProcess up = CardeckProcess.start(REPOSITORY, Map.of("CARDECK_HOME", home.toString(),
                "CARDECK_DATABASE", DATABASE), home.resolve("up.err"), "up")) {
            up.awaitLine(line -> line.equals("Ctrl-C stops everything."), Duration.ofMinutes(5));
            String out = up.out();
            ZooManifest manifest = ZooManifest.read(REPOSITORY.resolve("models"));
            int zoo = manifest.models().size() + manifest.cards().size();
            assertTrue(out.contains("zoo: " + zoo + " model(s) registered now, 0 already there"), out);

            String gateway = match(URL, up.awaitLine(line -> line.startsWith("  gateway "), Duration.ZERO)).group(1);
            String key = up.awaitLine(line -> line.strip().startsWith("export CARDECK_API_KEY="), Duration.ZERO).strip()
                    .substring("export CARDECK_API_KEY=".length());
            HttpResponse<String> models = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway + "/api/models"))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode(), models.body());
            Set<String> names = new TreeSet<>();
            for (JsonNode model : new ObjectMapper().readTree(models.body())) {
                names.add(model.get("name").asText());
            }
            Set<String> expected = new TreeSet<>();
            manifest.models().forEach(entry -> expected.add(entry.name()));
            manifest.cards().forEach(card -> expected.add(card.name()));
            assertEquals(expected, names, "every zoo model and CARD, registered once");

            Set<Integer> ports = new TreeSet<>();
            for (String line : out.lines().toList()) {
                Matcher url = URL.matcher(line);
                if (url.find()) {
                    ports.add(Integer.parseInt(url.group(2)));
                }
            }
            ports.add(Integer.parseInt(up.awaitLine(line -> line.startsWith("  kafka "), Duration.ZERO).replaceAll(".*:", "")));
            assertEquals(5, ports.size(), "the gateway, three services and Kafka: " + out);
            List<ProcessHandle> children = up.process().descendants().toList();
            assertFalse(children.isEmpty(), "the services run as processes of their own");

            up.process().destroy();
            assertEquals(143, up.awaitExit(Duration.ofMinutes(2)), "ended by SIGTERM, after its shutdown hook");
            for (ProcessHandle child : children) {
                assertFalse(child.isAlive(), "left behind: " + child.info());
            }
            for (int port : ports) {
                assertThrows(ConnectException.class, () -> connect(port), "still listening on " + port);
            }
        }
    }

    /**
     * {@code up} and {@code demo} against a PostgreSQL port where nothing listens: each ends at once with
     * status 1 and one message naming the server, user and database it tried and the variables that set
     * them, never the password, and leaves nothing started (no process, no broker data, no logs).
     */
    @Test
    void upAndDemoRefuseBeforeStartingAnythingWhenPostgresDoesNotAnswer() throws Exception {
        int unusedDatabasePort = unusedPort();
        String password = "never-printed-" + UUID.randomUUID();
        for (List<String> command : List.of(List.of("up"), List.of("demo", "--gateway", "http://127.0.0.1:" + unusedPort()))) {
            Path commandHome = home.resolve("refused-" + command.get(0));
            Path err = home.resolve("refused-" + command.get(0) + ".err");
            try (CardeckProcess refused = CardeckProcess.start(REPOSITORY, Map.of("CARDECK_HOME", commandHome.toString(),
                    "CARDECK_DATABASE", DATABASE, "CARDECK_DB_PORT", String.valueOf(unusedDatabasePort), "CARDECK_DB_PASSWORD",
                    password), err, command.toArray(String[]::new))) {
                assertEquals(1, refused.awaitExit(Duration.ofMinutes(2)), command + ": " + Files.readString(err));
                String said = Files.readString(err);
                List<String> errors = said.lines().filter(line -> line.startsWith("error: ")).toList();
                assertEquals(1, errors.size(), said);
                assertTrue(errors.get(0).startsWith("error: PostgreSQL at 127.0.0.1:" + unusedDatabasePort + " as user postgres"
                        + " is not reachable"), said);
                assertTrue(errors.get(0).contains("The platform's database " + DATABASE + " is to be on that server; set"
                        + " $CARDECK_DB_HOST, $CARDECK_DB_PORT, $CARDECK_DB_USER, $CARDECK_DB_PASSWORD and $CARDECK_DATABASE"),
                        said);
                assertFalse(said.contains(password) || refused.out().contains(password), "the password is never printed");
                assertFalse(Files.exists(commandHome.resolve("kafka")) || Files.exists(commandHome.resolve("logs")),
                        command + " started nothing: " + commandHome);
            }
        }
    }

    private static int unusedPort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void connect(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
    }

    private static Matcher match(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        assertTrue(matcher.find(), line);
        return matcher;
    }
}
