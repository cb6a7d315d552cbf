package io.cardeck.ensemble.it;

import static io.cardeck.ensemble.it.Requests.infer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * More requests at once than the service has worker threads: the deck's queue takes as many as it
 * holds and refuses the rest with 503 at once, instead of letting them wait for a thread; a held
 * request that its batch does not answer in time ends 503 too, after the request timeout.
 */
@QuarkusTest
@TestProfile(OverloadProfile.class)
class OverloadIT {

    private static final int SENT = OverloadProfile.CAPACITY + 4;

    @Inject
    TestRegistry registry;

    /** A request's status, error, how long it took and when it ended (nanoTime). */
    private record Outcome(int status, String error, long tookMillis, long endedAt) {
    }

    @Test
    void theDeckQueueNotTheWorkerPoolDecidesWhatIsRefused() throws Exception {
        String name = Requests.lenetDeck(registry, "overload");
        // Loaded before the burst, so that no request waits for the deck's members to load.
        assertEquals(200, given().get("/v2/models/" + name + "/ready").statusCode());
        String body = Requests.infer("r", TestModels.images(null, 0, 0, 1), 1, false);
        ExecutorService clients = Executors.newFixedThreadPool(SENT);
        try {
            List<Future<Outcome>> sent = new ArrayList<>();
            for (int i = 0; i < SENT; i++) {
                sent.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    Response response = infer(name, body);
                    long end = System.nanoTime();
                    return new Outcome(response.statusCode(), response.jsonPath().getString("error"),
                            TimeUnit.NANOSECONDS.toMillis(end - start), end);
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> outcome : sent) {
                outcomes.add(outcome.get(30, TimeUnit.SECONDS));
            }
            List<Outcome> refused = outcomes.stream().filter(o -> o.error().contains("is at capacity")).toList();
            List<Outcome> timedOut = outcomes.stream().filter(o -> o.error().contains("did not answer within")).toList();
            assertEquals(SENT - OverloadProfile.CAPACITY, refused.size(), outcomes.toString());
            assertEquals(OverloadProfile.CAPACITY, timedOut.size(), outcomes.toString());
            for (Outcome outcome : outcomes) {
                assertEquals(503, outcome.status(), outcomes.toString());
            }
            // Refused on arrival: before any held request reached its timeout.
            long firstTimeout = timedOut.stream().mapToLong(Outcome::endedAt).min().orElseThrow();
            for (Outcome outcome : refused) {
                assertTrue(outcome.endedAt() < firstTimeout, "refused only after a held request timed out: " + outcomes);
            }
            for (Outcome outcome : timedOut) {
                assertEquals("deck " + name + " did not answer within PT1.5S", outcome.error());
                assertTrue(outcome.tookMillis() >= OverloadProfile.TIMEOUT_MILLIS
                        && outcome.tookMillis() < OverloadProfile.WINDOW_MILLIS, "timed out after " + outcomes);
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
