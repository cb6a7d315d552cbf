package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.access.ServiceCredential;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.devstack.ServiceProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can reach what on the platform as `./cardeck up` starts it: the internal services listen on
 * loopback only and refuse every request but health that lacks the run's service credential; the
 * gateway, which sends it, reaches them.
 */
class InternalAccessIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path REPOSITORY = Path.of(System.getProperty("cardeck.repository", "..")).toAbsolutePath().normalize();
    /** One route of each internal service's own API, and Quarkus' pages. */
    private static final Map<String, List<String>> ROUTES = Map.of(
            "pruner-service", List.of("/models", "/q/metrics"),
            "evaluator-service", List.of("/evaluations", "/q/metrics"),
            "ensemble-service", List.of("/decks", "/v2/health/ready", "/q/metrics"));

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;

    @BeforeAll
    static void startPlatform() throws IOException {
        database = "cardeck_access_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database, Map.of());
        platform = LocalPlatform.start(REPOSITORY, home, settings, System.out::println);
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
        new LocalPostgres().dropDatabase(database);
    }

    @Test
    void theInternalServicesListenOnLoopbackOnly() {
        for (ServiceProcess service : platform.services()) {
            List<InetSocketAddress> listening = ListeningSockets.of(service.pid());
            int port = URI.create(service.url()).getPort();
            assertTrue(listening.stream().anyMatch(address -> address.getPort() == port),
                    service.name() + " listens on " + listening + ", not on its port " + port);
            if (!service.name().equals("gateway")) {
                assertTrue(listening.stream().allMatch(address -> address.getAddress().isLoopbackAddress()),
                        service.name() + " listens beyond loopback: " + listening);
            }
        }
    }

    @Test
    void theInternalServicesRefuseRequestsWithoutTheServiceCredential() throws Exception {
        for (Map.Entry<String, List<String>> routes : ROUTES.entrySet()) {
            ServiceProcess service = platform.service(routes.getKey());
            for (String path : routes.getValue()) {
                HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(service.url() + path)));
                assertEquals(401, anonymous.statusCode(), service.name() + path + ": " + anonymous.body());
                assertTrue(JSON.readTree(anonymous.body()).get("error").asText().startsWith("this is an internal service"),
                        anonymous.body());
                HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(service.url() + path))
                        .header(ServiceCredential.HEADER, ServiceCredential.generate(new SecureRandom()).reveal()));
                assertEquals(401, wrong.statusCode(), service.name() + path);
                HttpResponse<String> internal = send(platform.serviceRequest(service, path));
                assertEquals(200, internal.statusCode(), service.name() + path + ": " + internal.body());
            }
            assertEquals(200, send(HttpRequest.newBuilder(URI.create(service.url() + "/q/health/ready"))).statusCode(),
                    service.name() + " health");
        }
    }

    @Test
    void theGatewayReachesThemWithTheCredentialAndNamesNoInternalAddress() throws Exception {
        for (String path : List.of("/api/models", "/api/evaluations", "/api/decks")) {
            HttpResponse<String> response = send(platform.gatewayRequest(path));
            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
        HttpResponse<String> unknown = send(platform.gatewayRequest("/api/models/" + UUID.randomUUID()));
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertFalse(unknown.body().contains("127.0.0.1"), unknown.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

}
