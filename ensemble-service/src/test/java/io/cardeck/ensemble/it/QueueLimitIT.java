package io.cardeck.ensemble.it;

import static io.cardeck.ensemble.it.Requests.createDeck;
import static io.cardeck.ensemble.it.Requests.deck;
import static io.cardeck.ensemble.it.Requests.infer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A deck's queue is bounded: beyond its capacity a request is answered 503 at once instead of waiting. */
@QuarkusTest
@TestProfile(SmallQueueProfile.class)
class QueueLimitIT {

    @Inject
    TestRegistry registry;

    @Test
    void aFullQueueAnswers503AndTheHeldRequestStillSucceeds() throws Exception {
        String name = Requests.uniqueName("small");
        assertEquals(201, createDeck(deck(name, "average", 1, "sample", List.of(new Requests.Member(
                registry.register("lenet", TestModels.lenet(), TestModels.labels(), TestModels.INPUT_SHAPE), "standard"))))
                .statusCode());
        String body = Requests.infer("r", TestModels.images(null, 0, 0, 1), 1, false);
        CompletableFuture<Response> held = CompletableFuture.supplyAsync(() -> infer(name, body));
        // The held request waits out the batching window; meanwhile the deck holds its one request.
        Thread.sleep(SmallQueueProfile.WINDOW_MILLIS / 3);
        long start = System.nanoTime();
        Response refused = infer(name, body);
        long refusedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(503, refused.statusCode(), refused.asString());
        assertTrue(refused.jsonPath().getString("error").contains("capacity"), refused.asString());
        assertTrue(refusedAfterMillis < SmallQueueProfile.WINDOW_MILLIS / 2, "refused after " + refusedAfterMillis + " ms");
        Response answered = held.get(30, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode(), answered.asString());
    }
}
