package io.cardeck.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The event stream's bounds: a limited number of subscribers (503 beyond), and streams without events closed. */
@QuarkusTest
@TestProfile(EventStreamLimitsProfile.class)
class EventStreamLimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/api/events")
    URI events;

    @Test
    void oneSubscriberMoreThanTheLimitIs503UntilOneLeaves() throws Exception {
        try (SseReader first = SseReader.open(events); SseReader second = SseReader.open(events)) {
            // A heartbeat shows each stream is open, so both places are taken (for 6 s without events).
            assertNotNull(first.pollComment(WAIT));
            assertNotNull(second.pollComment(WAIT));
            HttpResponse<String> refused = HTTP.send(request(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, refused.statusCode());
            assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(refused.body().contains("the event stream serves " + EventStreamLimitsProfile.MAX_SUBSCRIBERS
                    + " subscribers at most"), refused.body());
        }
        // The closed streams' places are freed once the gateway notices (its next heartbeat write).
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        do {
            Thread.sleep(200);
            HttpResponse<InputStream> answer = HTTP.send(request(), HttpResponse.BodyHandlers.ofInputStream());
            status = answer.statusCode();
            answer.body().close();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "a place came free after the streams closed");
    }

    @Test
    void aStreamWithoutEventsIsClosedAfterTheIdleTimeout() throws Exception {
        try (SseReader idle = SseReader.open(events)) {
            assertNotNull(idle.pollComment(WAIT), "heartbeats come, but they do not keep a stream open");
            assertTrue(idle.endsWithin(WAIT), "the gateway ended the idle stream");
        }
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(events).header("Accept", "text/event-stream")
                .header("Authorization", TestKeys.ADMIN_BEARER).build();
    }
}
