package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.ENSEMBLE;
import static io.cardeck.platform.PlatformUnderTest.GATEWAY;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SIGTERM, as an orchestrator stops a service, while an inference request is in flight: the ensemble-
 * service holds it for {@link #HELD} (its batching delay), so it is still open when the signal comes.
 * It is answered, correctly, and the service then exits of itself. An open event stream, which ends
 * only when the gateway ends it, does not hold the gateway's shutdown.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GracefulShutdownIT {

    /** How long the ensemble-service holds a request: the first of a batch waits this long for others. */
    private static final Duration HELD = Duration.ofSeconds(6);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("graceful", Map.of(
            "CARDECK_ENSEMBLE_BATCHING_MAX_DELAY", HELD.toSeconds() + "s",
            "CARDECK_ENSEMBLE_CALIBRATION_IMAGES", "200",
            "CARDECK_EVALUATOR_SAMPLES_PER_CELL", "20"));

    private static final String DECK = "graceful";
    /** The gateway's quarkus.shutdown.timeout: how long its shutdown waits for requests in flight. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    /** The gateway's pre-stop delay in the last test, as {@code k8s/base/gateway.yaml} sets it. */
    private static final Duration PRE_STOP = Duration.ofSeconds(5);
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
    void aRequestInFlightWhenTheEnsembleIsStoppedIsAnswered() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        stopWhileARequestIsInFlight(platform.service(ENSEMBLE));

        HttpResponse<String> afterwards = InferenceLoad.inferOnce(platform, DECK);
        assertEquals(503, afterwards.statusCode(), "once it is gone the gateway says so: " + afterwards.body());
        platform.restart(ENSEMBLE);
        assertEquals(200, InferenceLoad.inferOnce(platform, DECK).statusCode(), "served again after its restart");
    }

    @Test
    @Order(2)
    void aRequestInFlightThroughTheGatewayWhenTheGatewayIsStoppedIsAnswered() throws Exception {
        stopWhileARequestIsInFlight(PLATFORM.platform().service(GATEWAY));
    }

    /**
     * An open event stream is a request in flight too, one that never ends of itself: the gateway ends its
     * streams when it begins to stop, so its shutdown does not wait its whole timeout for them.
     */
    @Test
    @Order(3)
    void aGatewayWithAnOpenEventStreamEndsItAndStopsWithoutWaitingForIt() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        // Started again after the test before stopped it.
        ServiceProcess gateway = platform.service(GATEWAY).isAlive() ? platform.service(GATEWAY) : platform.restart(GATEWAY);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(platform.gatewayRequest("/api/events")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<Long> endedAt = stream.thenApply(response -> System.nanoTime());
        await("the event stream open at the gateway").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> requestsInFlight(gateway), greaterThanOrEqualTo(1L));
        assertFalse(stream.isDone(), "the stream stays open until the gateway stops");

        long signal = System.nanoTime();
        int status = gateway.stop(STOPPED);
        Duration stopping = Duration.ofNanos(System.nanoTime() - signal);
        assertEquals(143, status, "ended by SIGTERM after a clean shutdown; see " + gateway.logFile());
        assertEquals(200, stream.get(5, TimeUnit.SECONDS).statusCode(), "the stream ended as a response does");
        // Held as a request in flight, the stream would have ended only when the shutdown's timeout ran out.
        Duration streamEnded = Duration.ofNanos(endedAt.get() - signal);
        assertTrue(streamEnded.compareTo(SHUTDOWN_TIMEOUT) < 0, "the stream ended " + streamEnded.toMillis()
                + " ms after SIGTERM: the shutdown waited for it as long as quarkus.shutdown.timeout allows");
        System.out.printf("GracefulShutdownIT: the gateway's open event stream ended %.1f s after SIGTERM, the gateway"
                + " stopped after %.1f s%n", streamEnded.toMillis() / 1e3, stopping.toMillis() / 1e3);
    }

    /**
     * A pre-stop delay, as the Kubernetes manifests give the gateway ({@code QUARKUS_SHUTDOWN_DELAY}): for that
     * long after SIGTERM the gateway reports not ready, so a load balancer takes it out, and still answers the
     * requests that reach it meanwhile; then it stops as before.
     */
    @Test
    @Order(4)
    void aGatewayWithAPreStopDelayReportsNotReadyAndStillAnswersUntilTheDelayEnds() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        if (platform.service(GATEWAY).isAlive()) {
            platform.service(GATEWAY).stop(STOPPED);
        }
        ServiceProcess gateway = platform.restart(GATEWAY, Map.of("QUARKUS_SHUTDOWN_DELAY", PRE_STOP.toSeconds() + "s"));
        assertEquals(200, PlatformUnderTest.send(platform.gatewayRequest("/q/health/ready").GET()).statusCode());

        long signal = System.nanoTime();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> gateway.stop(STOPPED));
        await("the gateway reports not ready").atMost(PRE_STOP).pollInterval(Duration.ofMillis(100))
                .until(() -> PlatformUnderTest.send(platform.gatewayRequest("/q/health/ready").GET()).statusCode(),
                        equalTo(503));
        HttpResponse<String> served = PlatformUnderTest.send(platform.gatewayRequest("/api/models").GET());
        Duration servedAfter = Duration.ofNanos(System.nanoTime() - signal);
        assertEquals(200, served.statusCode(), "a request during the delay is answered: " + served.body());
        assertTrue(servedAfter.compareTo(PRE_STOP) < 0, "answered " + servedAfter.toMillis() + " ms after SIGTERM");
        assertFalse(exit.isDone(), "still running during the delay");

        assertEquals(143, exit.get(STOPPED.toSeconds(), TimeUnit.SECONDS), "a clean shutdown; see " + gateway.logFile());
        Duration stopped = Duration.ofNanos(System.nanoTime() - signal);
        assertTrue(stopped.compareTo(PRE_STOP) >= 0, "stopped " + stopped.toMillis() + " ms after SIGTERM, before the delay");
        System.out.printf("GracefulShutdownIT: with a pre-stop delay of %d s the gateway reported not ready, answered a"
                + " request %.1f s after SIGTERM and stopped after %.1f s%n", PRE_STOP.toSeconds(),
                servedAfter.toMillis() / 1e3, stopped.toMillis() / 1e3);
    }

    /**
     * Sends an inference request, stops {@code service} with SIGTERM while the ensemble-service holds it, and
     * checks that it is answered after the signal, correctly, and that the service exited cleanly.
     */
    private static void stopWhileARequestIsInFlight(ServiceProcess service) throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        ExecutorService client = Executors.newSingleThreadExecutor();
        Future<HttpResponse<String>> request = client.submit(() -> InferenceLoad.inferOnce(platform, DECK));
        client.shutdown();
        // The service counts it as in flight (its own HTTP metrics): it has reached it, and is not answered yet.
        await("the request in flight at " + service.name()).atMost(HELD).pollInterval(Duration.ofMillis(100))
                .until(() -> requestsInFlight(service), greaterThanOrEqualTo(1L));
        assertFalse(request.isDone(), "still in flight when the signal comes");

        long signal = System.nanoTime();
        int status = service.stop(STOPPED);
        Duration stopping = Duration.ofNanos(System.nanoTime() - signal);
        HttpResponse<String> response = request.get(1, TimeUnit.MINUTES);
        assertEquals(200, response.statusCode(), "answered although " + service.name() + " was stopped: " + response.body());
        InferenceLoad.assertAnswers(expected, response.body());
        assertEquals(143, status, service.name() + " ended by SIGTERM after a clean shutdown; see " + service.logFile());
        System.out.printf("GracefulShutdownIT: %s stopped %.1f s after SIGTERM, its request in flight answered%n",
                service.name(), stopping.toMillis() / 1e3);
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
