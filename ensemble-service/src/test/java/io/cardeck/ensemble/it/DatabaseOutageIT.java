package io.cardeck.ensemble.it;

import static io.cardeck.ensemble.it.Requests.createDeck;
import static io.cardeck.ensemble.it.Requests.deck;
import static io.cardeck.ensemble.it.Requests.infer;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.DatabaseCut;
import io.cardeck.devstack.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable while a deck serves: inference goes on from the decks the instance holds,
 * although each is read again (and fails to be) every second of the outage.
 */
@QuarkusTest
@TestProfile(DatabaseOutageIT.DatabaseThroughProxy.class)
class DatabaseOutageIT {

    /** Within the 10-30 s an outage of issue 13 lasts. */
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration DECK_REFRESH = Duration.ofSeconds(1);

    /** The usual setup, the database behind the proxy, and held decks read again every second. */
    public static class DatabaseThroughProxy extends EnsembleTestProfile {

        @Override
        protected Map<String, String> extraOverrides() {
            return Map.of("cardeck.ensemble.deck-refresh", DECK_REFRESH.toMillis() + "ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return DatabaseCut.testResources();
        }
    }

    TcpProxy database;

    @Inject
    TestRegistry registry;

    @Test
    void aHeldDeckKeepsAnsweringThroughADatabaseOutageAndADeckNotHeldIs503() throws Exception {
        String held = Requests.uniqueName("held");
        String notHeld = Requests.uniqueName("not-held");
        for (String name : List.of(held, notHeld)) {
            Response created = createDeck(deck(name, "gated", 1, "sample", List.of(
                    new Requests.Member(registry.register("lenet", TestModels.lenet(), TestModels.labels(), TestModels.INPUT_SHAPE),
                            "standard"),
                    new Requests.Member(registry.register("centroid", TestModels.centroid(), TestModels.labels(),
                            TestModels.INPUT_SHAPE), "gauss"))));
            assertEquals(201, created.statusCode(), created.asString());
        }
        String body = Requests.infer("outage", TestModels.images("gaussian_noise", 3, 0, 4), 4, false);
        String before = probabilities(infer(held, body));
        // Longer than the refresh: the next request finds the held deck due to be read again.
        Thread.sleep(DECK_REFRESH.toMillis() * 2);

        int[] answered = new int[1];
        DatabaseCut.during(database, OUTAGE, () -> {
            long until = System.nanoTime() + OUTAGE.minusSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                assertEquals(before, probabilities(infer(held, body)), "the held deck answers as before the outage");
                answered[0]++;
                pause(Duration.ofMillis(300));
            }
            Response refused = infer(notHeld, body);
            assertEquals(503, refused.statusCode(), refused.asString());
            assertEquals("deck " + notHeld + " is not loaded on this instance and the database cannot be reached to load it;"
                    + " try again shortly", refused.jsonPath().getString("error"));
        });

        assertTrue(answered[0] >= 10, answered[0] + " answers during the outage");
        assertEquals(before, probabilities(infer(held, body)), "and after it");
        assertEquals(before.length(), probabilities(infer(notHeld, body)).length(), "the other deck loads once the database is back");
        assertEquals(204, given().delete("/decks/" + held).statusCode());
        assertEquals(404, infer(held, body).statusCode(), "a deck deleted after the outage is gone");
    }

    private static String probabilities(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        return response.jsonPath().getString("outputs[0].data");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
