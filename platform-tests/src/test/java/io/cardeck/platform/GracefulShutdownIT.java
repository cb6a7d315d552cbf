package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.ENSEMBLE;
import static io.cardeck.platform.PlatformUnderTest.GATEWAY;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM, as an orchestrator stops a service, while inference requests are in flight: the ensemble-
 * service holds them for {@link #HELD} (its batching delay), so each request is still open when the
 * signal comes. Every one of them is answered, correctly, and the service then exits of itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownIT {

    /** How long the ensemble-service holds each request: the first of a batch waits this long for others. */
    private static final Duration HELD = Duration.ofSeconds(6);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("graceful", Map.of(
            "CARDECK_ENSEMBLE_BATCHING_MAX_DELAY", HELD.toSeconds() + "s",
            // No reload of the deck while the requests arrive: one would hold the others back, out of the first's batch.
            "CARDECK_ENSEMBLE_DECK_REFRESH", "1h",
            "CARDECK_ENSEMBLE_CALIBRATION_IMAGES", "200",
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "20"));

    private static final String DECK = "graceful";
    private static final int REQUESTS = 4;
    /** quarkus.shutdown.timeout (10 s) and the rest of the shutdown, on a loaded machine. */
    private static final Duration STOPPED = Duration.ofSeconds(30);
    private static double[] expected;

    @BeforeAll
    static void createTheDeck() throws Exception {
        String member = PLATFORM.uploadLenet("lenet5-graceful");
        assertEquals(201, PLATFORM.post("/api/decks", Map.of("name", DECK,
                "members", List.of(Map.of("modelId", member, "domain", "standard")),
                "gating", Map.of("mode", "average", "k", 1, "granularity", "sample"))).statusCode());
        expected = InferenceLoad.expected(PlatformUnderTest.lenet().toBytes());
        HttpResponse<String> warm = InferenceLoad.inferOnce(PLATFORM.platform(), DECK);
        assertEquals(200, warm.statusCode(), "the deck and its member loaded: " + warm.body());
    }

    @Test
    @Order(1)
    void requestsInFlightWhenTheEnsembleIsStoppedAreAnswered() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        stopWhileRequestsAreInFlight(platform.service(ENSEMBLE));

        HttpResponse<String> afterwards = InferenceLoad.inferOnce(platform, DECK);
        assertEquals(503, afterwards.statusCode(), "once it is gone the gateway says so: " + afterwards.body());
        platform.restart(ENSEMBLE);
        assertEquals(200, InferenceLoad.inferOnce(platform, DECK).statusCode(), "served again after its restart");
    }

    @Test
    @Order(2)
    void requestsInFlightThroughTheGatewayWhenTheGatewayIsStoppedAreAnswered() throws Exception {
        stopWhileRequestsAreInFlight(PLATFORM.platform().service(GATEWAY));
    }

    /**
     * Sends {@link #REQUESTS} requests at once, stops {@code service} with SIGTERM while the ensemble-service holds
     * them, and checks that each is answered after the signal, correctly, and that the service exited cleanly.
     */
    private static void stopWhileRequestsAreInFlight(ServiceProcess service) throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
        List<CompletableFuture<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return InferenceLoad.inferOnce(platform, DECK);
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, clients));
        }
        clients.shutdown();
        // The service counts them as in flight (its own HTTP metrics): they have reached it, and are not answered yet.
        await(REQUESTS + " requests in flight at " + service.name()).atMost(HELD).pollInterval(Duration.ofMillis(100))
                .until(() -> requestsInFlight(service), greaterThanOrEqualTo((long) REQUESTS));
        assertTrue(requests.stream().noneMatch(CompletableFuture::isDone), "still in flight when the signal comes");

        long signal = System.nanoTime();
        int status = service.stop(STOPPED);
        Duration stopping = Duration.ofNanos(System.nanoTime() - signal);
        for (CompletableFuture<HttpResponse<String>> request : requests) {
            HttpResponse<String> response = request.get(1, TimeUnit.MINUTES);
            assertEquals(200, response.statusCode(), "answered although " + service.name() + " was stopped: " + response.body());
            InferenceLoad.assertAnswers(expected, response.body());
        }
        assertEquals(143, status, service.name() + " ended by SIGTERM after a clean shutdown; see " + service.logFile());
        System.out.printf("GracefulShutdownIT: %s stopped %.1f s after SIGTERM, its %d requests in flight answered%n",
                service.name(), stopping.toMillis() / 1e3, REQUESTS);
    }

    /** The requests {@code service} is serving now but this one (a health probe would count too), by its Prometheus metrics. */
    private static long requestsInFlight(ServiceProcess service) throws Exception {
        HttpRequest.Builder scrape = service.name().equals(GATEWAY) ? PLATFORM.platform().gatewayRequest("/q/metrics")
                : PLATFORM.platform().serviceRequest(service, "/q/metrics");
        HttpResponse<String> metrics = PlatformUnderTest.send(scrape.GET());
        assertEquals(200, metrics.statusCode(), metrics.body());
        double active = metrics.body().lines()
                .filter(line -> line.startsWith("http_server_active_requests{") || line.startsWith("http_server_active_requests "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        return (long) active - 1;
    }
}
