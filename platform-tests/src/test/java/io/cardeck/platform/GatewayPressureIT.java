package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.EVALUATOR;
import static io.cardeck.platform.PlatformUnderTest.GATEWAY;
import static io.cardeck.platform.PlatformUnderTest.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.cli.ModelUpload;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.devstack.ServiceProcess;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The gateway held to a 512 MiB heap under issue 13's pressure: 500 event-stream subscribers, then six
 * 60 MB uploads at once while the streams stay open. Streams beyond its bound are refused with 503 and
 * uploads beyond its checks with 429; nothing runs it out of memory, and what it accepted is registered.
 */
class GatewayPressureIT {

    private static final String HEAP = "512m";
    private static final int SUBSCRIBERS = 500;
    /** The gateway's default {@code cardeck.gateway.sse-max-subscribers}. */
    private static final int STREAM_BOUND = 256;
    private static final int UPLOADS = 6;
    /** Hidden units of the large model: 784 x 19,200 float32 weights, 60.2 MB. */
    private static final int HIDDEN = 19_200;
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$",
            Pattern.MULTILINE);
    /** What the heap holds after a collection (the old generation's live data): the memory really kept. */
    private static final Pattern LIVE_AFTER_GC = Pattern.compile("^jvm_gc_live_data_size_bytes(?:\\{[^}]*})? ([0-9.E+]+)$",
            Pattern.MULTILINE);

    @RegisterExtension
    static final PlatformUnderTest PLATFORM = PlatformUnderTest.withEnvironment("gateway_pressure", Map.of());

    @Test
    void fiveHundredStreamsAndSixLargeUploadsEndIn503Or429NeverOutOfMemory() throws Exception {
        LocalPlatform platform = PLATFORM.platform();
        // The test is about the gateway: the large models are registered, not evaluated.
        platform.service(EVALUATOR).stop(Duration.ofSeconds(30));
        assertEquals(143, platform.service(GATEWAY).stop(Duration.ofSeconds(30)));
        // Heartbeats every second, so that an accepted stream's headers arrive at once.
        ServiceProcess gateway = platform.restart(GATEWAY, Map.of("CARDECK_GATEWAY_SSE_HEARTBEAT", "1s"), HEAP);

        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakLive = new AtomicLong();
        ScheduledExecutorService heapWatch = Executors.newSingleThreadScheduledExecutor();
        heapWatch.scheduleWithFixedDelay(() -> {
            String metrics = metrics(platform);
            peakHeap.accumulateAndGet(sum(HEAP_USED, metrics), Math::max);
            peakLive.accumulateAndGet(sum(LIVE_AFTER_GC, metrics), Math::max);
        }, 0, 200, TimeUnit.MILLISECONDS);
        HttpClient streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<HttpResponse<InputStream>> opened = new ArrayList<>();
        try {
            List<CompletableFuture<HttpResponse<InputStream>>> subscriptions = new ArrayList<>();
            for (int i = 0; i < SUBSCRIBERS; i++) {
                subscriptions.add(streams.sendAsync(platform.gatewayRequest("/api/events")
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
            }
            Map<Integer, Integer> streamStatuses = new TreeMap<>();
            for (CompletableFuture<HttpResponse<InputStream>> subscription : subscriptions) {
                HttpResponse<InputStream> response = subscription.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                opened.add(response);
                streamStatuses.merge(response.statusCode(), 1, Integer::sum);
            }
            assertEquals(Map.of(200, STREAM_BOUND, 503, SUBSCRIBERS - STREAM_BOUND), streamStatuses);

            // Six large uploads at once, the open streams held meanwhile.
            List<String> labels = PlatformUnderTest.lenet().metadata().labels();
            ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADS);
            List<Future<HttpResponse<String>>> uploads = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < UPLOADS; i++) {
                String name = "pressure-" + i;
                byte[] model = largeModel(i);
                String metadata = JSON.writeValueAsString(Map.of("name", name, "dataset", "fashion-mnist", "labels", labels));
                uploads.add(uploaders.submit(() -> ModelUpload.post(PlatformUnderTest.HTTP,
                        platform.gatewayRequest("/api/models").timeout(WAIT), Map.of("metadata", metadata), name + ".onnx", model)));
            }
            Set<String> accepted = new TreeSet<>();
            Map<Integer, Integer> uploadStatuses = new TreeMap<>();
            for (int i = 0; i < UPLOADS; i++) {
                HttpResponse<String> upload = uploads.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                uploadStatuses.merge(upload.statusCode(), 1, Integer::sum);
                if (upload.statusCode() == 201) {
                    accepted.add(JSON.readTree(upload.body()).get("name").asText());
                } else {
                    assertEquals(429, upload.statusCode(), "upload " + i + ": " + upload.body());
                    assertTrue(upload.headers().firstValue("Retry-After").isPresent(), upload.headers().toString());
                }
            }
            uploaders.shutdown();
            double uploadSeconds = (System.nanoTime() - started) / 1e9;
            assertFalse(accepted.isEmpty(), "the gateway checks uploads two at a time, so some are accepted: " + uploadStatuses);

            assertTrue(gateway.isAlive(), "the gateway is still running");
            assertEquals(200, PlatformUnderTest.send(platform.gatewayRequest("/q/health/live").GET()).statusCode());
            List<String> outOfMemory = PlatformUnderTest.log(gateway).stream().filter(l -> l.contains("OutOfMemoryError")).toList();
            assertEquals(List.of(), outOfMemory, "the gateway's log");
            // Each accepted upload is registered, whole; nothing of a refused one is.
            Set<String> registered = new TreeSet<>();
            Map<String, Long> sizes = new TreeMap<>();
            for (JsonNode model : JSON.readTree(PLATFORM.get("/api/models").body())) {
                String name = model.get("name").asText();
                if (name.startsWith("pressure-")) {
                    registered.add(name);
                    sizes.put(name, model.get("sizeBytes").asLong());
                }
            }
            assertEquals(accepted, registered);
            for (String name : accepted) {
                assertEquals(largeModel(Integer.parseInt(name.substring("pressure-".length()))).length, sizes.get(name), name);
            }
            System.out.printf("GatewayPressureIT: gateway at -Xmx%s: streams %s; uploads %s in %.1f s; heap used at most"
                    + " %.0f MiB, live after a collection at most %.0f MiB%n", HEAP, streamStatuses, uploadStatuses, uploadSeconds,
                    peakHeap.get() / 1048576.0, peakLive.get() / 1048576.0);
        } finally {
            heapWatch.shutdownNow();
            for (HttpResponse<InputStream> response : opened) {
                response.body().close();
            }
        }
    }

    /** Flatten, a 784 x 19,200 Gemm, Relu, a 19,200 x 10 Gemm: a working 60 MB classifier, {@code variant} in one weight. */
    private static byte[] largeModel(int variant) {
        float[] hidden = new float[HIDDEN * 784];
        hidden[0] = variant;
        return GraphBuilder.named("pressure")
                .input("images", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("hidden.w", new long[] {HIDDEN, 784}, hidden)
                .initializer("out.w", new long[] {10, HIDDEN}, new float[10 * HIDDEN])
                .node("flatten", "Flatten", List.of("images"), "flat", NodeAttribute.ofInt("axis", 1))
                .node("hidden", "Gemm", List.of("flat", "hidden.w"), "h", NodeAttribute.ofInt("transB", 1))
                .node("relu", "Relu", List.of("h"), "r")
                .node("out", "Gemm", List.of("r", "out.w"), "logits", NodeAttribute.ofInt("transB", 1))
                .output("logits", GraphBuilder.BATCH, 10)
                .build().toBytes();
    }

    /** The gateway's /q/metrics now (empty when it cannot be read). */
    private static String metrics(LocalPlatform platform) {
        try {
            return PlatformUnderTest.send(platform.gatewayRequest("/q/metrics").GET()).body();
        } catch (Exception e) {
            return "";
        }
    }

    /** The sum of the values of the series {@code pattern} matches (the heap's pools). */
    private static long sum(Pattern pattern, String metrics) {
        Matcher series = pattern.matcher(metrics);
        double total = 0;
        while (series.find()) {
            total += Double.parseDouble(series.group(1));
        }
        return (long) total;
    }
}
