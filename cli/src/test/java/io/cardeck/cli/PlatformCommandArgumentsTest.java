package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.access.ApiKey;
import io.cardeck.devstack.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform commands' arguments, checked before any call: each class of bad input is a usage error
 * (status 2) whose message says what is wrong and what is accepted. What needs the platform itself is
 * in platform-tests (CommandLineIT).
 */
class PlatformCommandArgumentsTest {

    @TempDir
    static Path work;

    private static CardeckCommandTest.Run cardeck(String... args) {
        return CardeckCommandTest.cardeck(args);
    }

    /** A usage error whose stderr names every one of {@code expected}. */
    private static void assertUsageError(CardeckCommandTest.Run run, String... expected) {
        assertEquals(2, run.status(), run.err());
        for (String text : expected) {
            assertTrue(run.err().contains(text), "'" + text + "' in: " + run.err());
        }
    }

    @Test
    void anIndexOutsideTheSplitNamesTheAcceptedRange() {
        int size = DatasetCatalog.open("fashion-mnist").split("test").size();
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", String.valueOf(size)),
                "--index " + size, "accepted 0 to " + (size - 1));
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "-1"),
                "--index -1", "accepted 0 to " + (size - 1));
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "seven"),
                "--index", "seven");
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist"), "--dataset needs --index");
    }

    @Test
    void aSeverityOutsideOneToFiveIsRefused() {
        for (String severity : List.of("0", "6")) {
            assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "0",
                    "--corruption", "fog", "--severity", severity), "--severity must be from 1 to 5, got " + severity);
        }
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "0", "--corruption", "fog"),
                "--corruption needs --severity");
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "0", "--severity", "2"),
                "--severity needs --corruption", "gaussian_noise");
    }

    @Test
    void anUnknownCorruptionListsTheAcceptedOnes() {
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "fashion-mnist", "--index", "0",
                "--corruption", "rain", "--severity", "3"), "rain", "gaussian_noise", "jpeg_compression", "saturate");
    }

    @Test
    void theImageIsEitherAPngOrADatasetImage() throws IOException {
        assertUsageError(cardeck("infer", "--deck", "d"), "either --image PNG or --dataset NAME --index N");
        assertUsageError(cardeck("infer", "--deck", "d", "--image", "x.png", "--dataset", "fashion-mnist", "--index", "0"),
                "either --image PNG or --dataset NAME --index N");
        assertUsageError(cardeck("infer", "--deck", "d", "--dataset", "imagenet", "--index", "0"), "imagenet", "fashion-mnist");
        Path missing = work.resolve("absent.png");
        assertUsageError(cardeck("infer", "--deck", "d", "--image", missing.toString()), missing.toString(),
                "does not exist", "a PNG image");
        Path text = Files.writeString(work.resolve("notes.png"), "not an image");
        assertUsageError(cardeck("infer", "--deck", "d", "--image", text.toString()), text.toString(), "give a PNG file");
        assertUsageError(cardeck("infer", "--image", text.toString()), "--deck");
    }

    @Test
    void aMissingModelFileIsAUsageError() {
        Path missing = work.resolve("absent.onnx");
        assertUsageError(cardeck("models", "upload", missing.toString()), missing.toString(), "does not exist",
                "an ONNX model file");
        assertUsageError(cardeck("models", "upload", work.toString()), "it is a directory");
        assertUsageError(cardeck("models", "download", "some-id"), "--out");
    }

    @Test
    void deckMembersAndGateSettingsArePairs() {
        assertUsageError(cardeck("deck", "create", "d1", "--member", "just-an-id"), "--member 'just-an-id'", "MODEL_ID=DOMAIN");
        assertUsageError(cardeck("deck", "create", "d1", "--member", "id="), "MODEL_ID=DOMAIN");
        assertUsageError(cardeck("deck", "create", "d1", "--member", "id=gauss", "--gating", "gated"), "--gating 'gated'",
                "KEY=VALUE", "mode: gated|average|single");
        assertUsageError(cardeck("deck", "create", "d1"), "--member");
    }

    @Test
    void anEvaluationIsNamedByItsIdOrItsModel() {
        assertUsageError(cardeck("evaluations", "show"), "give either an evaluation's ID or --model");
        assertUsageError(cardeck("evaluations", "show", "e1", "--model", "m1"), "both an ID and --model");
    }

    @Test
    void theGatewayIsAnHttpUrl() {
        assertUsageError(cardeck("models", "list", "--gateway", "ftp://example.org"), "--gateway 'ftp://example.org'",
                "http://", "https://");
        assertUsageError(cardeck("jobs", "watch", "j1", "--timeout-minutes", "0"), "--timeout-minutes must be at least 1");
        assertUsageError(cardeck("jobs", "frobnicate"), "frobnicate");
    }

    @Test
    void aGatewayThatDoesNotAnswerIsOneLineAndStatusOne() throws IOException {
        int port = LoopbackPorts.free();
        CardeckCommandTest.Run run = cardeck("models", "list", "--gateway", "http://127.0.0.1:" + port);
        assertEquals(1, run.status(), run.err());
        assertTrue(run.err().startsWith("error: cannot reach the gateway at http://127.0.0.1:" + port), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void theApiKeyIsSentAsABearerCredential() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        // A stand-in that only records the header: a list, and a registration.
        String key = ApiKey.generate(new java.security.SecureRandom()).reveal();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            boolean upload = exchange.getRequestMethod().equals("POST");
            byte[] body = (upload ? "{}" : "[]").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(upload ? 201 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String gateway = "http://127.0.0.1:" + server.getAddress().getPort();
            Path model = Files.write(work.resolve("bytes.onnx"), new byte[] {1, 2, 3});
            assertEquals(0, cardeck("models", "list", "--gateway", gateway, "--api-key", key).status());
            CardeckCommandTest.Run upload = cardeck("models", "upload", model.toString(), "--dataset", "fashion-mnist",
                    "--labels", "a,b", "--gateway", gateway, "--api-key", key);
            assertEquals(0, upload.status(), upload.err());
            assertEquals(0, cardeck("models", "list", "--gateway", gateway).status());
            String fromEnvironment = System.getenv(GatewayKeyOption.ENVIRONMENT);
            assertEquals(List.of("GET /api/models Bearer " + key, "POST /api/models Bearer " + key,
                    "GET /api/models " + (fromEnvironment == null ? "null" : "Bearer " + fromEnvironment)), authorizations);
            // A key not of cardeck's format is refused before any call, naming the format.
            CardeckCommandTest.Run malformed = cardeck("models", "list", "--gateway", gateway, "--api-key", "s3cret");
            assertEquals(1, malformed.status(), malformed.err());
            assertTrue(malformed.err().contains("--api-key: "), malformed.err());
            assertEquals(3, authorizations.size(), "nothing sent with a malformed key");
        } finally {
            server.stop(0);
        }
    }

    /**
     * Against a platform that answers, the demo does everything through its gateway, the zoo's registration
     * included; without an admin key it stops before any call but the readiness check, saying how to give one.
     */
    @Test
    void theDemoAgainstARunningPlatformNeedsAnAdminKey() throws IOException {
        List<String> calls = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String gateway = "http://127.0.0.1:" + server.getAddress().getPort();
            CardeckCommandTest.Run run = cardeck("demo", "--gateway", gateway, "--models", "../models");
            assertEquals(1, run.status(), run.err());
            assertEquals("error: a platform answers at " + gateway + "; the demo registers the zoo and creates decks through"
                    + " its gateway, which needs an admin key: give --api-key KEY or set $CARDECK_API_KEY", run.err().strip());
            assertEquals(List.of("GET /q/health/ready"), calls);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void completionIsPicocliBashScriptOfEveryCommand() {
        CardeckCommandTest.Run run = cardeck("completion");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("complete -F _complete_cardeck"), run.out().lines().limit(5).toList().toString());
        for (String command : List.of("models", "jobs", "evaluations", "deck", "infer", "--api-key", "--corruption")) {
            assertTrue(run.out().contains(command), command);
        }
    }
}
