package io.cardeck.ensemble.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Inference requests sent at once over one HTTP/2 connection (what the JDK's client does by default,
 * cleartext included) reach the deck together. With HTTP/2's default connection window of 64 KiB, the
 * bodies beyond it waited for the first requests to be answered, and so for the next batch.
 */
@QuarkusTest
@TestProfile(Http2BatchingProfile.class)
class Http2BatchingIT {

    private static final int REQUESTS = 4;
    private static final int IMAGES_PER_REQUEST = 8;
    private static final int DEFAULT_CONNECTION_WINDOW = 65_535;

    @Inject
    TestRegistry registry;

    @TestHTTPResource
    URI base;

    @Test
    void requestsSentTogetherOverOneConnectionAreAnsweredByOneBatch() throws Exception {
        String name = Requests.lenetDeck(registry, "h2");
        String body = Requests.infer("r", TestModels.images(null, 0, 0, IMAGES_PER_REQUEST), IMAGES_PER_REQUEST, false);
        assertTrue(REQUESTS * body.getBytes(StandardCharsets.UTF_8).length > DEFAULT_CONNECTION_WINDOW,
                "the bodies together exceed HTTP/2's default connection window, which is what is tested");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v2/models/" + name + "/infer"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        // The first request loads the deck and upgrades the connection to HTTP/2 (h2c); the rest share it.
        HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(HttpClient.Version.HTTP_2, first.version());

        long start = System.nanoTime();
        List<CompletableFuture<Long>> answeredAfter = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            answeredAfter.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
                assertEquals(200, response.statusCode(), response.body());
                assertEquals(HttpClient.Version.HTTP_2, response.version());
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            }));
        }
        List<Long> millis = new ArrayList<>();
        for (CompletableFuture<Long> answer : answeredAfter) {
            millis.add(answer.get(30, TimeUnit.SECONDS));
        }
        // One batch answers all within moments of each other; a request left for the next batch comes a whole window later.
        long spread = millis.stream().mapToLong(Long::longValue).max().orElseThrow()
                - millis.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(spread < Http2BatchingProfile.WINDOW_MILLIS / 2, "answered after " + millis + " ms");
    }
}
