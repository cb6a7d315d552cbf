package io.cardeck.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.access.ApiKey;
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
 * gateway, which sends it, reaches them. A scraper's metrics key, given to all four as a deployment
 * does, reads each one's metrics page and nothing else.
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

    private static final ApiKey METRICS_KEY = ApiKey.generate(new SecureRandom());

    @TempDir
    static Path home;

    private static LocalPlatform platform;
    private static String database;

    @BeforeAll
    static void startPlatform() throws IOException {
        database = "cardeck_access_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database, Map.of(
                "CARDECK_SERVICE_METRICS_KEY", METRICS_KEY.reveal(), "CARDECK_GATEWAY_METRICS_KEY", METRICS_KEY.reveal()));
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
    void theMetricsKeyReadsEachServicesMetricsAndNothingElse() throws Exception {
        String bearer = "Bearer " + METRICS_KEY.reveal();
        for (ServiceProcess service : platform.services()) {
            HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                    .header("Authorization", bearer));
            assertEquals(200, metrics.statusCode(), service.name() + ": " + metrics.body());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), service.name() + ": " + metrics.body());
            String api = service.name().equals("gateway") ? "/api/models" : ROUTES.get(service.name()).get(0);
            HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(service.url() + api))
                    .header("Authorization", bearer));
            assertEquals(service.name().equals("gateway") ? 403 : 401, refused.statusCode(),
                    service.name() + api + ": " + refused.body());
            HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(service.url() + "/q/metrics"))
                    .header("Authorization", "Bearer " + ApiKey.generate(new SecureRandom()).reveal()));
            assertEquals(401, other.statusCode(), service.name() + ": " + other.body());
        }
        String evaluator = send(HttpRequest.newBuilder(URI.create(platform.service("evaluator-service").url() + "/q/metrics"))
                .header("Authorization", bearer)).body();
        assertTrue(evaluator.lines().anyMatch(line -> line.startsWith("cardeck_evaluator_cells_pending")),
                "the evaluator's autoscaling metric is readable with the key alone");
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
