package io.cardeck.ensemble.it;

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
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A deck's queue is bounded in requests and in bytes: beyond either a request is answered 503 at once
 * instead of waiting, and one larger than all the bytes a deck holds is 413.
 */
@QuarkusTest
@TestProfile(SmallQueueProfile.class)
class QueueLimitIT {

    @Inject
    TestRegistry registry;

    private String newDeck() {
        return Requests.lenetDeck(registry, "small");
    }

    private static String images(int count) {
        return Requests.infer("r", TestModels.images(null, 0, 0, count), count, false);
    }

    /** Sends {@code body} while the deck holds what the test sent before; refused at once, not after the window. */
    private static Response refusedAtOnce(String deck, String body) {
        long start = System.nanoTime();
        Response refused = infer(deck, body);
        long refusedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(refusedAfterMillis < SmallQueueProfile.WINDOW_MILLIS / 2, "refused after " + refusedAfterMillis + " ms");
        return refused;
    }

    private static CompletableFuture<Response> held(String deck, String body) {
        Supplier<Response> send = () -> infer(deck, body);
        return CompletableFuture.supplyAsync(send);
    }

    private static void answered(CompletableFuture<Response> held) throws Exception {
        Response answered = held.get(30, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode(), answered.asString());
    }

    @Test
    void aQueueFullOfRequestsAnswers503AndTheHeldRequestsStillSucceed() throws Exception {
        String name = newDeck();
        List<CompletableFuture<Response>> held = List.of(held(name, images(1)), held(name, images(1)));
        // The held requests wait out the batching window; meanwhile the deck holds its two requests.
        Thread.sleep(SmallQueueProfile.WINDOW_MILLIS / 3);
        Response refused = refusedAtOnce(name, images(1));
        assertEquals(503, refused.statusCode(), refused.asString());
        assertEquals("deck " + name + " is at capacity: " + name + " already holds 2 requests, its limit; try again shortly",
                refused.jsonPath().getString("error"));
        for (CompletableFuture<Response> answer : held) {
            answered(answer);
        }
    }

    @Test
    void aRequestThatWouldPassTheBytesHeldIs503AndOneLargerThanThemAllIs413() throws Exception {
        String name = newDeck();
        CompletableFuture<Response> twoImages = held(name, images(2));
        Thread.sleep(SmallQueueProfile.WINDOW_MILLIS / 3);

        Response overBytes = refusedAtOnce(name, images(3));
        assertEquals(503, overBytes.statusCode(), overBytes.asString());
        long heldBytes = 2 * SmallQueueProfile.IMAGE_BYTES;
        assertEquals("deck " + name + " is at capacity: " + name + " already holds " + heldBytes + " bytes of requests and"
                + " this one (" + 3 * SmallQueueProfile.IMAGE_BYTES + " bytes) would pass its limit of "
                + SmallQueueProfile.CAPACITY_BYTES + " bytes; try again shortly", overBytes.jsonPath().getString("error"));

        Response tooLarge = refusedAtOnce(name, images(5));
        assertEquals(413, tooLarge.statusCode(), tooLarge.asString());
        assertEquals("deck " + name + ": the request has " + 5 * SmallQueueProfile.IMAGE_BYTES + " bytes, more than " + name
                + " holds at once (" + SmallQueueProfile.CAPACITY_BYTES + " bytes); send fewer images per request"
                + " (cardeck.ensemble.batching.capacity-bytes)", tooLarge.jsonPath().getString("error"));

        // Sent while the two images are still held: exactly the bytes left, so it is taken.
        CompletableFuture<Response> fits = held(name, images(2));
        answered(twoImages);
        answered(fits);
    }
}
