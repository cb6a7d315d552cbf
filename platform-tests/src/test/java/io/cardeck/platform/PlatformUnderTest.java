package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.devstack.TopicRecords;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The platform a test class runs on: the four services as packaged apps in child processes on free
 * ports, a real Kafka broker (devstack) and the machine's PostgreSQL, on a database of the class's
 * own. Registered as a static extension, it starts before the class's first test; after its last it
 * stops everything and drops the database. Data and the services' logs go to
 * {@code platform-tests/target/platforms/<database>}, kept when a test failed and deleted otherwise.
 */
final class PlatformUnderTest implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    static final String PRUNER = "pruner-service";
    static final String EVALUATOR = "evaluator-service";
    static final String ENSEMBLE = "ensemble-service";
    static final String GATEWAY = "gateway";

    private final String prefix;
    private final Map<String, String> environment;
    private String database;
    private Path home;
    private LocalPlatform platform;
    private volatile boolean failed;

    private PlatformUnderTest(String prefix, Map<String, String> environment) {
        this.prefix = prefix;
        this.environment = Map.copyOf(environment);
    }

    /**
     * @param prefix      the start of the database's name ({@code cardeck_<prefix>_<random>}): [a-z0-9_]
     * @param environment settings for every service, as environment variables
     */
    static PlatformUnderTest withEnvironment(String prefix, Map<String, String> environment) {
        return new PlatformUnderTest(prefix, environment);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = "cardeck_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        home = REPOSITORY.resolve("platform-tests/target/platforms").resolve(database);
        try {
            platform = LocalPlatform.start(REPOSITORY, home, LocalPlatform.Settings.onFreePorts(database, environment),
                    System.out::println);
        } catch (RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
        if (failed) {
            System.out.println("the services' logs are kept in " + home.resolve("logs"));
        } else if (Files.exists(home)) {
            try (Stream<Path> paths = Files.walk(home)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    LocalPlatform platform() {
        return platform;
    }

    Path home() {
        return home;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET {@code path} of the gateway, as the admin. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(platform.gatewayRequest(path).GET());
    }

    /** POST {@code body} as JSON to {@code path} of the gateway, as the admin. */
    HttpResponse<String> post(String path, Object body) throws IOException, InterruptedException {
        return send(platform.gatewayRequest(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    /** GET {@code path} of an internal service, with the service credential; the body as JSON, which must be 200. */
    JsonNode internal(ServiceProcess service, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(platform.serviceRequest(service, path).GET());
        assertEquals(200, response.statusCode(), service.name() + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /** Uploads the committed LeNet-5 through the gateway as {@code name}; the new model's id. */
    String uploadLenet(String name) throws IOException, InterruptedException {
        OnnxModel lenet = lenet();
        String metadata = JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist",
                "labels", lenet.metadata().labels()));
        HttpResponse<String> upload = ModelUpload.post(HTTP, platform.gatewayRequest("/api/models"), Map.of("metadata", metadata),
                name + ".onnx", lenet.toBytes());
        assertEquals(201, upload.statusCode(), upload.body());
        return JSON.readTree(upload.body()).get("id").asText();
    }

    static OnnxModel lenet() throws IOException {
        return OnnxModel.load(REPOSITORY.resolve("models/lenet5-standard.onnx"));
    }

    /** Asks the gateway for a prune job, which must be accepted (202); its id. */
    String requestPruning(String modelId, String method, Map<String, Object> params) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/prune-jobs", Map.of("modelId", modelId, "method", method, "params", params));
        assertEquals(202, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** Every event published on {@code topic} so far, read from the broker. */
    List<CardeckEvent> events(String topic) {
        return TopicRecords.read(platform.kafkaAdminSettings(), topic).stream().map(r -> EventCodec.decode(r.value())).toList();
    }

    /** The rows {@code sql} selects in this class's database, each column by its label. */
    List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = new LocalPostgres().connect(database);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " on " + database + ": " + e.getMessage(), e);
        }
    }

    /** The lines of {@code service}'s log, from its start. */
    static List<String> log(ServiceProcess service) {
        try {
            return Files.readAllLines(service.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + service.logFile(), e);
        }
    }
}
