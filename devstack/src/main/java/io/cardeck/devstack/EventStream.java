package io.cardeck.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A client of the gateway's Server-Sent Events stream ({@code /api/events}) that keeps every event it receives: for end-to-end tests and benchmarks. */
public final class EventStream implements AutoCloseable {

    /** One event: its SSE type (the record name), id and JSON data; {@code receivedAt} is when this client read it. */
    public record Event(String type, String id, JsonNode data, java.time.Instant receivedAt) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<Event> events = new ArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;

    /** @param request the stream's request, with its credential (e.g. {@link LocalPlatform#gatewayRequest}) */
    public EventStream(HttpClient http, HttpRequest.Builder request) {
        response = http.sendAsync(request.header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> {
            String[] type = {null};
            String[] id = {null};
            StringBuilder data = new StringBuilder();
            r.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    type[0] = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id[0] = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && data.length() > 0) {
                    add(new Event(type[0], id[0], parse(data.toString()), java.time.Instant.now()));
                    data.setLength(0);
                    type[0] = null;
                    id[0] = null;
                }
            });
        });
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the gateway sent an event that is not JSON: " + json, e);
        }
    }

    private synchronized void add(Event event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** The first event matching {@code wanted}, waiting up to {@code timeout}. */
    public synchronized Event await(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Event event : events) {
                if (wanted.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + timeout + "; received: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        response.cancel(true);
    }
}
