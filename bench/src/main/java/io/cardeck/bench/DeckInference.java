package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.access.ServiceCredential;
import io.cardeck.cli.ModelUpload;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.LocalPostgres;
import io.cardeck.events.BinaryTensorData;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Deck inference as a client sees it, against the compute of the same members run directly with
 * ONNX Runtime in this process, in one run: the platform's services are separate processes on
 * loopback and this process generates the load. Per batch size and deck mode: the median direct
 * member compute, the latency of one request at a time (p50, p99) to the ensemble-service and
 * through the gateway, and latency and throughput at fixed request rates.
 */
@Command(name = "deck", mixinStandardHelpOptions = true,
        description = "Deck inference latency and throughput vs direct ONNX Runtime runs of its members.")
final class DeckInference implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DOMAINS = List.of("standard", "gauss", "augmix");
    /** Direct runs and requests alternate in this many rounds. */
    private static final int ROUNDS = 5;
    /** The failure of a fixed-rate request refused as over capacity. */
    private static final String REFUSED = "503";
    private static final String SERVER_TIMING = "Server-Timing";
    /** The phases of a request the ensemble-service reports, in order. */
    private static final List<String> PHASES = List.of("read", "gate", "wait", "members", "combine", "write");

    @Option(names = "--architecture", defaultValue = "lenet5",
            description = "Zoo architecture of the members: <architecture>-standard|gauss|augmix of models/manifest.json "
                    + "(default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--member", paramLabel = "DOMAIN=FILE",
            description = "A member given by file instead of the zoo (repeatable), e.g. --member gauss=models/resnet20-standard.onnx "
                    + "to time a three-member deck of one trained model; replaces --architecture.")
    Map<String, Path> memberFiles = new LinkedHashMap<>();

    @Option(names = "--card", paramLabel = "DOMAIN=FILE",
            description = "A CARD (or any pruned member) by file (repeatable), e.g. --card gauss=models/cards/resnet20-gauss-lrr90.onnx:"
                    + " its average and gated decks are measured beside the dense ones, in the same rounds.")
    Map<String, Path> cardFiles = new LinkedHashMap<>();

    @Option(names = "--batches", split = ",", defaultValue = "1,32", description = "Images per request (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--encodings", split = ",", defaultValue = "json,binary",
            description = "Request encodings: json (data as JSON numbers) and binary (the protocol's binary tensor data"
                    + " extension, in and out) (default: ${DEFAULT-VALUE}).")
    List<Encoding> encodings;

    @Option(names = "--requests", defaultValue = "200", description = "Requests per sequential measurement (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--rate-seconds", defaultValue = "10", description = "Seconds per fixed-rate measurement (default: ${DEFAULT-VALUE}).")
    int rateSeconds;

    @Option(names = "--rate-shares", split = ",", defaultValue = "0.25,0.5,0.75",
            description = "Fixed request rates as shares of one request at a time's capacity; above 1 the service is"
                    + " overloaded and answers what it cannot queue with 503 (default: ${DEFAULT-VALUE}).")
    List<Double> rateShares;

    @Option(names = "--repository", defaultValue = ".", description = "Repository root with the packaged services and models/.")
    Path repository;

    /**
     * HTTP/1.1, a connection per request in flight, as REST inference clients send. The JDK client's
     * default (HTTP/2 over cleartext by upgrade) multiplexes every request onto one connection and does
     * not queue past the server's concurrent-stream limit: overloaded, the server ends that connection
     * (GOAWAY) with every request on it, which measures the client rather than the service.
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The platform's admin key and service credential: every request sends both, for the gateway and the ensemble-service. */
    private String adminKey;
    private String serviceCredential;

    enum Encoding { json, binary }

    /** A ready-made request body: JSON, or a JSON header of {@code headerLength} bytes and binary data. */
    private record Payload(Encoding encoding, byte[] body, int headerLength) {

        HttpRequest.Builder post(HttpRequest.Builder request) {
            if (encoding == Encoding.binary) {
                request.header("Content-Type", "application/octet-stream")
                        .header(BinaryTensorData.HEADER, Integer.toString(headerLength));
            } else {
                request.header("Content-Type", "application/json");
            }
            return request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (requests < 10 || requests % ROUNDS != 0 || rateSeconds < 1 || batches.isEmpty() || batches.stream().anyMatch(b -> b < 1 || b > 1024)
                || encodings.isEmpty() || rateShares.isEmpty() || rateShares.stream().anyMatch(r -> !(r > 0 && r <= 100))) {
            throw new IllegalArgumentException("--requests must be a multiple of " + ROUNDS + " of at least 10, --rate-seconds at least 1,"
                    + " --batches in 1..1024, --encodings one or more of json, binary, --rate-shares one or more in (0, 100]");
        }
        for (String domain : java.util.stream.Stream.concat(memberFiles.keySet().stream(), cardFiles.keySet().stream()).toList()) {
            if (!DOMAINS.contains(domain)) {
                throw new IllegalArgumentException("--member/--card " + domain + "=...: the domain must be one of " + DOMAINS);
            }
        }
        List<MemberSet> memberSets = new ArrayList<>(List.of(new MemberSet("", members(memberFiles, architecture))));
        if (!cardFiles.isEmpty()) {
            memberSets.add(new MemberSet("cards ", members(cardFiles, null)));
        }
        Path home = Files.createTempDirectory("cardeck-deck-bench");
        String database = "cardeck_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        LocalPlatform.Settings settings = LocalPlatform.Settings.onFreePorts(database, Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL", "10"));
        try (LocalPlatform platform = LocalPlatform.start(repository.toAbsolutePath(), home, settings, System.err::println)) {
            adminKey = platform.adminKey();
            serviceCredential = platform.serviceCredential();
            String gateway = platform.service("gateway").url();
            String ensemble = platform.service("ensemble-service").url();
            for (MemberSet set : memberSets) {
                set.upload(gateway);
            }
            try {
                MarkdownTable sequential = new MarkdownTable("deck", "batch", "encoding", "direct member compute p50",
                        "ensemble-service p50", "p99", "overhead vs direct", "via gateway p50", "p99", "overhead vs direct");
                MarkdownTable rates = new MarkdownTable("deck", "batch", "encoding", "share", "rate (requests/s)",
                        "achieved (images/s)", "p50", "p99", "503", "other errors");
                MarkdownTable phases = new MarkdownTable(phaseColumns());
                Map<String, Integer> otherErrors = new LinkedHashMap<>();
                ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
                for (int batch : batches) {
                    float[] images = test.images(0, batch);
                    List<Payload> payloads = encodings.stream().distinct().map(encoding -> payload(encoding, images, batch)).toList();
                    List<DeckUnderTest> decks = new ArrayList<>();
                    for (MemberSet set : memberSets) {
                        for (String mode : List.of("average", "gated")) {
                            // The members a request of these images runs: all for average; for gated, those it reported.
                            List<ModelSession> used = mode.equals("average") ? set.sessions
                                    : set.usedSessions(send(ensemble, set.deck(mode), payload(Encoding.json, images, batch)));
                            decks.add(new DeckUnderTest(set.deck(mode), set.label + mode + " (" + used.size() + " of "
                                    + set.sessions.size() + ")", () -> used.forEach(session -> session.run(images, batch))));
                        }
                    }
                    // Warm up everything, then alternate every deck's direct runs and requests in rounds, so that the
                    // machine's drift hits each alike (and the dense and the CARD decks are compared side by side).
                    for (DeckUnderTest deck : decks) {
                        timed(deck.directRun, requests);
                        for (Payload payload : payloads) {
                            latencies(ensemble, deck.name, payload, requests, null);
                            latencies(gateway, deck.name, payload, requests, null);
                        }
                    }
                    for (int round = 0; round < ROUNDS; round++) {
                        for (DeckUnderTest deck : decks) {
                            deck.measureRound(ensemble, gateway, payloads, requests / ROUNDS);
                        }
                    }
                    for (DeckUnderTest deck : decks) {
                        double direct = percentile(deck.directTimes, 50);
                        for (Payload payload : payloads) {
                            double[] atService = deck.service.get(payload.encoding());
                            double[] atGateway = deck.viaGateway.get(payload.encoding());
                            sequential.row(deck.label, batch, payload.encoding(),
                                    ms(direct), ms(percentile(atService, 50)), ms(percentile(atService, 99)),
                                    overhead(percentile(atService, 50), direct), ms(percentile(atGateway, 50)),
                                    ms(percentile(atGateway, 99)), overhead(percentile(atGateway, 50), direct));
                            phases.row(phaseRow(deck.label, batch, payload.encoding(), ms(percentile(atService, 50)),
                                    deck.servicePhases.get(payload.encoding())));
                            double capacity = 1000 / percentile(atService, 50);
                            for (double share : rateShares) {
                                double rate = Math.max(1, Math.floor(capacity * share));
                                FixedRate result = fixedRate(ensemble, deck.name, payload, rate, rateSeconds);
                                rates.row(deck.label, batch, payload.encoding(), MarkdownTable.percent(share),
                                        String.format("%.0f", rate),
                                        String.format("%.0f", result.latencies().length * batch / (double) rateSeconds),
                                        ms(percentile(result.latencies(), 50)), ms(percentile(result.latencies(), 99)),
                                        result.refused() + " (" + MarkdownTable.percent(result.refused() / (double) result.sent()) + ")",
                                        result.otherErrorCount());
                                result.otherErrors().forEach((kind, count) -> otherErrors.merge(
                                        deck.label + ", " + MarkdownTable.percent(share) + ": " + kind, count, Integer::sum));
                            }
                        }
                    }
                }
                System.out.println("One request at a time (" + requests + " requests each, after as many to warm up; direct runs, "
                        + "the ensemble-service and the gateway alternate in " + ROUNDS + " rounds, every deck in each round), "
                        + memberSets.stream().map(MemberSet::describe).toList() + "\n");
                System.out.println(sequential);
                System.out.println("\nFixed request rates to the ensemble-service (" + rateSeconds + " s each; share: of one request"
                        + " at a time's capacity; p50 and p99 of the answered requests; 503: refused as over capacity; other"
                        + " errors: any other status or no answer)\n");
                System.out.println(rates);
                if (!otherErrors.isEmpty()) {
                    System.out.println("\nThe other errors by kind (deck, share: status or the client's exception)\n");
                    otherErrors.forEach((kind, count) -> System.out.println("- " + kind + ": " + count));
                }
                System.out.println("\nWhere the ensemble-service's time goes (one request at a time, as above): the median of each"
                        + " phase its Server-Timing header reports, and the gate's own cost against its members' compute\n");
                System.out.println(phases);
            } finally {
                memberSets.forEach(set -> set.sessions.forEach(ModelSession::close));
            }
        } finally {
            new LocalPostgres().dropDatabase(database);
        }
        return 0;
    }

    /** The members given by file, or else (with an architecture) the zoo's dense models of that architecture. */
    private Map<String, byte[]> members(Map<String, Path> files, String zooArchitecture) throws IOException {
        Map<String, byte[]> members = new LinkedHashMap<>();
        if (!files.isEmpty() || zooArchitecture == null) {
            for (Map.Entry<String, Path> member : files.entrySet()) {
                members.put(member.getKey(), OnnxModel.load(member.getValue()).toBytes());
            }
            return members;
        }
        for (String domain : DOMAINS) {
            Path file = repository.resolve("models").resolve(zooArchitecture + "-" + domain + ".onnx");
            if (Files.exists(file)) {
                members.put(domain, OnnxModel.load(file).toBytes());
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no zoo model " + zooArchitecture + "-{" + String.join(",", DOMAINS) + "}.onnx in "
                    + repository.resolve("models"));
        }
        return members;
    }

    /** One set of members (the dense ones, or the CARDs), uploaded once and served as an average and a gated deck. */
    private final class MemberSet {
        final String label;
        final Map<String, byte[]> members;
        final List<String> ids = new ArrayList<>();
        final List<ModelSession> sessions = new ArrayList<>();

        MemberSet(String label, Map<String, byte[]> members) {
            this.label = label;
            this.members = members;
        }

        String deck(String mode) {
            return "bench-" + label.strip() + (label.isBlank() ? "" : "-") + mode;
        }

        String describe() {
            return (label.isBlank() ? "members " : label.strip() + " ") + members.keySet();
        }

        void upload(String gateway) throws IOException, InterruptedException {
            List<Map<String, String>> cards = new ArrayList<>();
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                String id = DeckInference.this.upload(gateway, deck(member.getKey()), member.getValue());
                ids.add(id);
                cards.add(Map.of("modelId", id, "domain", member.getKey()));
                sessions.add(InferenceSessions.open(member.getValue(), "direct", SessionOptionsSpec.cpu()));
            }
            awaitEvaluations(gateway, ids);
            createDeck(gateway, deck("average"), cards, "average");
            createDeck(gateway, deck("gated"), cards, "gated");
        }

        List<ModelSession> usedSessions(HttpResponse<byte[]> response) throws IOException {
            List<ModelSession> used = new ArrayList<>();
            for (JsonNode id : JSON.readTree(response.body()).get("parameters").get("members_used")) {
                used.add(sessions.get(ids.indexOf(id.asText())));
            }
            return used;
        }
    }

    /** A deck's measurements of one batch size, gathered over the rounds. */
    private final class DeckUnderTest {
        final String name;
        final String label;
        final Runnable directRun;
        double[] directTimes = new double[0];
        final Map<Encoding, double[]> service = new LinkedHashMap<>();
        final Map<Encoding, double[]> viaGateway = new LinkedHashMap<>();
        final Map<Encoding, Map<String, List<Double>>> servicePhases = new LinkedHashMap<>();

        DeckUnderTest(String name, String label, Runnable directRun) {
            this.name = name;
            this.label = label;
            this.directRun = directRun;
        }

        void measureRound(String ensemble, String gateway, List<Payload> payloads, int count)
                throws IOException, InterruptedException {
            directTimes = concat(directTimes, timed(directRun, count));
            for (Payload payload : payloads) {
                Map<String, List<Double>> phasesOf = servicePhases.computeIfAbsent(payload.encoding(), e -> new LinkedHashMap<>());
                service.merge(payload.encoding(), latencies(ensemble, name, payload, count, phasesOf), DeckInference::concat);
                viaGateway.merge(payload.encoding(), latencies(gateway, name, payload, count, null), DeckInference::concat);
            }
        }
    }

    private String upload(String gateway, String name, byte[] onnx) throws IOException {
        List<String> labels = OnnxModel.parse(onnx, name).metadata().labels();
        HttpResponse<String> response = ModelUpload.post(http, request(gateway + "/api/models"), Map.of("metadata",
                JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist", "labels", labels))), name + ".onnx", onnx);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("upload of " + name + " failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body()).get("id").asText();
    }

    /** The uploads' evaluations run on this machine too: measuring starts once they are done. */
    private void awaitEvaluations(String gateway, List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (true) {
                JsonNode evaluations = JSON.readTree(send(gateway + "/api/evaluations?modelId=" + id, null).body());
                if (evaluations.size() > 0 && !"RUNNING".equals(evaluations.get(0).get("status").asText())) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the evaluation of " + id + " did not finish in 10 minutes");
                }
                Thread.sleep(500);
            }
        }
    }

    private void createDeck(String gateway, String name, List<Map<String, String>> cards, String mode) throws IOException,
            InterruptedException {
        String body = JSON.writeValueAsString(Map.of("name", name, "members", cards,
                "gating", Map.of("mode", mode, "k", 1, "granularity", "batch")));
        HttpResponse<String> response = send(gateway + "/api/decks", body);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("deck " + name + ": " + response.statusCode() + " " + response.body());
        }
    }

    private static Payload payload(Encoding encoding, float[] images, int batch) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode input = body.putArray("inputs").addObject().put("name", "input").put("datatype", "FP32");
        input.putArray("shape").add(batch).add(1).add(28).add(28);
        if (encoding == Encoding.json) {
            ArrayNode data = input.putArray("data");
            for (float value : images) {
                data.add(value);
            }
            return new Payload(encoding, body.toString().getBytes(StandardCharsets.UTF_8), 0);
        }
        input.putObject("parameters").put("binary_data_size", images.length * Float.BYTES);
        body.putObject("parameters").put("binary_data_output", true);
        byte[] header = body.toString().getBytes(StandardCharsets.UTF_8);
        return new Payload(encoding, BinaryTensorData.body(header, images), header.length);
    }

    /**
     * Milliseconds of each of {@code count} sequential requests; with {@code phases}, each phase the
     * answer's Server-Timing header reports is added to it.
     */
    private double[] latencies(String base, String deck, Payload payload, int count, Map<String, List<Double>> phases)
            throws IOException, InterruptedException {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> response = send(base, deck, payload);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            millis[i] = (System.nanoTime() - start) / 1e6;
            if (phases != null) {
                String timing = response.headers().firstValue(SERVER_TIMING).orElseThrow(() ->
                        new IllegalStateException(response.uri() + " answered without " + SERVER_TIMING));
                for (String entry : timing.split(",")) {
                    String[] parts = entry.strip().split(";dur=");
                    phases.computeIfAbsent(parts[0], p -> new ArrayList<>()).add(Double.parseDouble(parts[1]));
                }
            }
        }
        return millis;
    }

    private static String[] phaseColumns() {
        List<String> columns = new ArrayList<>(List.of("deck", "batch", "encoding", "ensemble-service p50"));
        PHASES.forEach(phase -> columns.add(phase + " p50"));
        columns.add("gate / members");
        return columns.toArray(String[]::new);
    }

    private static Object[] phaseRow(String deck, int batch, Encoding encoding, String latency, Map<String, List<Double>> phases) {
        List<Object> cells = new ArrayList<>(List.of(deck, batch, encoding, latency));
        for (String phase : PHASES) {
            cells.add(ms(median(phases.get(phase))));
        }
        double gate = median(phases.get("gate"));
        double members = median(phases.get("members"));
        cells.add(MarkdownTable.percent(gate / members));
        return cells.toArray();
    }

    private static double median(List<Double> values) {
        return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    private HttpResponse<byte[]> send(String base, String deck, Payload payload) throws IOException, InterruptedException {
        HttpRequest request = payload.post(request(base + "/v2/models/" + deck + "/infer")).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Milliseconds of each of {@code count} runs of {@code work}. */
    private static double[] timed(Runnable work, int count) {
        double[] millis = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            work.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return millis;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /**
     * What a fixed rate got: the answered requests' latencies, how many were refused (503), and the
     * other failures by kind (another status, or the client's exception and its message).
     */
    private record FixedRate(double[] latencies, int refused, Map<String, Integer> otherErrors) {

        int sent() {
            return latencies.length + refused + otherErrorCount();
        }

        int otherErrorCount() {
            return otherErrors.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** One request's end: its latency when answered 200, else what it ended with ({@link #REFUSED} for 503). */
    private record Outcome(double millis, String failure) {

        static Outcome failed(Throwable error) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            return new Outcome(-1, cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
    }

    /** Requests sent at a constant rate whatever the answers' speed (open loop), for {@code seconds}. */
    private FixedRate fixedRate(String base, String deck, Payload payload, double rate, int seconds) throws InterruptedException {
        HttpRequest request = payload.post(request(base + "/v2/models/" + deck + "/infer")).build();
        int total = (int) Math.round(rate * seconds);
        long interval = (long) (1e9 / rate);
        List<CompletableFuture<Outcome>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long sent = System.nanoTime();
            answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(r -> r.statusCode() == 200 ? new Outcome((System.nanoTime() - sent) / 1e6, null)
                            : new Outcome(-1, r.statusCode() == 503 ? REFUSED : "HTTP " + r.statusCode()))
                    .exceptionally(Outcome::failed));
        }
        List<Outcome> outcomes = answers.stream().map(CompletableFuture::join).toList();
        double[] latencies = outcomes.stream().filter(o -> o.failure() == null).mapToDouble(Outcome::millis).toArray();
        int refused = (int) outcomes.stream().filter(o -> REFUSED.equals(o.failure())).count();
        Map<String, Integer> others = new TreeMap<>();
        outcomes.stream().filter(o -> o.failure() != null && !REFUSED.equals(o.failure()))
                .forEach(o -> others.merge(o.failure(), 1, Integer::sum));
        return new FixedRate(latencies, refused, others);
    }

    private HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminKey)
                .header(ServiceCredential.HEADER, serviceCredential);
    }

    private HttpResponse<String> send(String url, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(url);
        if (jsonBody == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double percentile(double[] values, int percentile) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }

    private static String ms(double millis) {
        return String.format("%.2f ms", millis);
    }

    private static String overhead(double measured, double direct) {
        return String.format("%+.0f%% (%+.2f ms)", 100 * (measured / direct - 1), measured - direct);
    }

}
