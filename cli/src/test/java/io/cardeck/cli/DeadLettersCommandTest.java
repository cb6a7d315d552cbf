package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cardeck dead-letters} against a stand-in gateway that answers as the real one does
 * (its own behaviour is the gateway's DeadLetterIT): the calls made, what is printed, and refusals.
 */
class DeadLettersCommandTest {

    private static final String ID = "cardeck.prune.requests.dlq:0:17";
    private static final String LETTER = "{\"id\":\"" + ID + "\",\"topic\":\"cardeck.prune.requests\",\"key\":\"job-1\","
            + "\"reason\":\"cannot record the job: connection refused\",\"deadLetteredAt\":\"2026-12-07T09:00:00Z\","
            + "\"payload\":\"{}\",\"replayedAt\":null}";
    private static final String REPLAY = "{\"id\":\"" + ID + "\",\"topic\":\"cardeck.prune.requests\",\"key\":\"job-1\","
            + "\"eventId\":\"7f3c\",\"replayedBy\":\"ops\",\"replayedAt\":\"2026-12-07T09:05:00Z\",\"republished\":%s}";

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private int replays;

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            calls.add(call);
            int status = 200;
            String body;
            if (call.startsWith("GET /api/admin/dead-letters")) {
                body = "[" + LETTER + "]";
            } else if (call.equals("POST /api/admin/dead-letters/cardeck.prune.requests.dlq%3A0%3A17/replay")) {
                body = String.format(REPLAY, replays++ == 0);
            } else {
                status = 404;
                body = "{\"error\":\"no dead letter at cardeck.prune.requests.dlq:0:99 (its topic holds no message at that"
                        + " partition and offset); GET /api/admin/dead-letters lists them\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    @Test
    void listPrintsOneRowPerDeadLetter() {
        CardeckCommandTest.Run run = cardeck("dead-letters", "list", "--limit", "20");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("GET /api/admin/dead-letters?limit=20"), calls);
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("id "), lines.get(0));
        assertTrue(lines.get(1).matches(ID.replace(".", "\\.") + " +cardeck\\.prune\\.requests +job-1 +2026-12-07T09:00:00Z +no"
                + " +cannot record the job: connection refused"), lines.get(1));
        CardeckCommandTest.Run json = cardeck("dead-letters", "list", "--json");
        assertTrue(json.out().contains("\"payload\" : \"{}\""), json.out());
    }

    @Test
    void replaySaysWhetherThisCallPublished() {
        CardeckCommandTest.Run first = cardeck("dead-letters", "replay", ID);
        assertEquals(0, first.status(), first.err());
        assertEquals("dead letter " + ID + " replayed to cardeck.prune.requests (event 7f3c)\n", first.out());
        CardeckCommandTest.Run second = cardeck("dead-letters", "replay", ID);
        assertEquals(0, second.status(), second.err());
        assertEquals("dead letter " + ID + " was replayed to cardeck.prune.requests at 2026-12-07T09:05:00Z by ops already;"
                + " nothing published\n", second.out());
    }

    @Test
    void anUnknownIdExitsOneWithTheGatewaysReason() {
        CardeckCommandTest.Run run = cardeck("dead-letters", "replay", "cardeck.prune.requests.dlq:0:99");
        assertEquals(1, run.status(), run.err());
        assertEquals("error: POST /api/admin/dead-letters/cardeck.prune.requests.dlq%3A0%3A99/replay answered 404: no dead"
                + " letter at cardeck.prune.requests.dlq:0:99 (its topic holds no message at that partition and offset);"
                + " GET /api/admin/dead-letters lists them", run.err().strip());
    }

    @Test
    void aLimitOutsideOneToAThousandIsAUsageError() {
        CardeckCommandTest.Run run = cardeck("dead-letters", "list", "--limit", "0");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("--limit must be from 1 to 1000, got 0"), run.err());
        assertEquals(List.of(), calls, "nothing sent");
    }

    private CardeckCommandTest.Run cardeck(String... args) {
        String[] withGateway = java.util.Arrays.copyOf(args, args.length + 2);
        withGateway[args.length] = "--gateway";
        withGateway[args.length + 1] = "http://127.0.0.1:" + gateway.getAddress().getPort();
        return CardeckCommandTest.cardeck(withGateway);
    }
}
