package io.cardeck.platform;

import static io.cardeck.platform.PlatformUnderTest.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.onnx.runtime.ReferenceProbabilities;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Clients that send the same inference request through the gateway, one after another each, until
 * stopped, and keep every answer: what a deck under load saw while a fault happened. The request is
 * the first {@link #IMAGES} test images, whose probabilities ONNX Runtime gives directly for checking.
 */
final class InferenceLoad implements AutoCloseable {

    static final int IMAGES = 8;

    /**
     * One answer: its status (0 when the request failed without one), its body or failure, and when it
     * was sent and received ({@link System#nanoTime}).
     */
    record Answer(int status, String body, long sentAt, long receivedAt) {}

    private final LocalPlatform platform;
    private final String body;
    private final List<Answer> answers = new ArrayList<>();
    private final ExecutorService clients;
    private volatile boolean stopped;

    private InferenceLoad(LocalPlatform platform, String deck, int clients) throws IOException {
        this.platform = platform;
        this.body = body();
        this.clients = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            this.clients.execute(() -> send(deck));
        }
    }

    /** Starts {@code clients} clients on {@code deck}. */
    static InferenceLoad start(LocalPlatform platform, String deck, int clients) throws IOException {
        return new InferenceLoad(platform, deck, clients);
    }

    /** One request of this load's images, sent now from the caller's thread. */
    static HttpResponse<String> inferOnce(LocalPlatform platform, String deck) throws IOException, InterruptedException {
        return PlatformUnderTest.send(request(platform, deck, body()));
    }

    /** The Open Inference Protocol request of the images. */
    private static String body() throws IOException {
        return JSON.writeValueAsString(Map.of("inputs", List.of(Map.of("name", "input", "datatype", "FP32",
                "shape", List.of(IMAGES, 1, 28, 28), "data", images()))));
    }

    private static HttpRequest.Builder request(LocalPlatform platform, String deck, String body) {
        return platform.gatewayRequest("/v2/models/" + deck + "/infer").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private void send(String deck) {
        while (!stopped) {
            long sent = System.nanoTime();
            Answer answer;
            try {
                HttpResponse<String> response = PlatformUnderTest.send(request(platform, deck, body));
                answer = new Answer(response.statusCode(), response.body(), sent, System.nanoTime());
            } catch (IOException e) {
                answer = new Answer(0, e.toString(), sent, System.nanoTime());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (answers) {
                answers.add(answer);
            }
        }
    }

    /** The answers so far, in the order they arrived. */
    List<Answer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    /** Stops the clients once their requests in flight are answered. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        clients.shutdown();
        if (!clients.awaitTermination(2, TimeUnit.MINUTES)) {
            clients.shutdownNow();
        }
    }

    /** The first {@link #IMAGES} test images of Fashion-MNIST, NCHW, read once. */
    static float[] images() {
        return FirstTestImages.IMAGES.clone();
    }

    private static final class FirstTestImages {
        static final float[] IMAGES = read();

        private static float[] read() {
            ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
            int size = test.shape().size();
            float[] images = new float[InferenceLoad.IMAGES * size];
            for (int n = 0; n < InferenceLoad.IMAGES; n++) {
                System.arraycopy(test.image(n), 0, images, n * size, size);
            }
            return images;
        }
    }

    /** The probabilities ONNX Runtime gives for these images with {@code model} alone. */
    static double[] expected(byte[] model) throws IOException {
        return ReferenceProbabilities.of(model, images(), IMAGES);
    }

    /** Checks that a 200 answer holds {@code expected}, within 1e-5 per value. */
    static void assertAnswers(double[] expected, String body) throws IOException {
        JsonNode data = JSON.readTree(body).get("outputs").get(0).get("data");
        assertEquals(expected.length, data.size(), body);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], data.get(i).asDouble(), 1e-5, "value " + i);
        }
    }
}
