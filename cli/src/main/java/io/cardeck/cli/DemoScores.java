package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ProgressBar;

/**
 * Scores a deck (or a one-model deck) through the gateway's inference API on the same images for
 * every row: the clean test images, then every standard corruption x severity cell of the suite.
 */
final class DemoScores {

    private final GatewayClient gateway;
    private final ImageDataset test;
    private final CorruptionSuite suite;
    private final List<String> standard;

    DemoScores(GatewayClient gateway, ImageDataset test, CorruptionSuite suite) {
        this.gateway = gateway;
        this.test = test;
        this.suite = suite;
        this.standard = Corruptions.standard().stream().map(Corruption::name).filter(suite.corruptions()::contains).toList();
    }

    /** One table row; a deck's size is its members' together. */
    DemoRow row(String name, String kind, Size size, String deck) {
        Map<String, Double> sent = new LinkedHashMap<>();
        Map<String, Map<String, Double>> gate = new LinkedHashMap<>();
        double clean;
        double robustSum = 0;
        try (ProgressBar bar = ProgressBars.start("scoring " + name, 1 + standard.size() * CorruptionSuite.SEVERITIES, "req")) {
            clean = send(deck, test, null);
            bar.step();
            for (String corruption : standard) {
                for (int severity = 1; severity <= CorruptionSuite.SEVERITIES; severity++) {
                    boolean reported = DemoCommand.SENT.contains(corruption) && severity == DemoCommand.SENT_SEVERITY;
                    Map<String, Double> choices = reported ? new TreeMap<>() : null;
                    double accuracy = send(deck, suite.cell(corruption, severity), choices);
                    robustSum += accuracy;
                    if (reported) {
                        sent.put(corruption, accuracy);
                        if (!choices.isEmpty()) {
                            gate.put(corruption, choices);
                        }
                    }
                    bar.step();
                }
            }
        }
        for (String corruption : DemoCommand.SENT) {
            sent.putIfAbsent(corruption, null);
        }
        return new DemoRow(name, kind, size.nonZeroParameters(), size.gzipBytes(), clean, robustSum / (standard.size() * CorruptionSuite.SEVERITIES),
                sent, gate);
    }

    /** Accuracy of the deck on all images of {@code images}; counts the gate's choices into {@code choices} when given. */
    private double send(String deck, ImageDataset images, Map<String, Double> choices) {
        int count = images.size();
        GatewayClient.Inference answer = gateway.infer(deck, images.images(0, count), count, images.shape());
        float[] probabilities = answer.probabilities();
        int classes = probabilities.length / count;
        int correct = 0;
        for (int n = 0; n < count; n++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (probabilities[n * classes + c] > probabilities[n * classes + best]) {
                    best = c;
                }
            }
            correct += best == images.label(n) ? 1 : 0;
        }
        JsonNode chosen = answer.response().path("parameters").path("chosen_domains");
        if (choices != null && chosen.isArray()) {
            for (JsonNode row : chosen) {
                for (JsonNode domain : row) {
                    choices.merge(domain.asText(), 1.0 / count, Double::sum);
                }
            }
        }
        return (double) correct / count;
    }

    /**
     * @param gzipBytes bytes of the gzip-compressed ONNX files: what a model (or a deck's members) costs to ship
     * @param sent      accuracy on each sent corruption at the reported severity
     * @param gate      for a gated deck, the share of images routed to each domain, per sent corruption
     */
    record DemoRow(String name, String kind, long nonZeroParameters, long gzipBytes, double cleanAccuracy,
                   double robustAccuracy, Map<String, Double> sent, Map<String, Map<String, Double>> gate) {
    }

    /** What a model holds: non-zero parameters (BatchNorm running statistics not counted) and gzip bytes. */
    record Size(long nonZeroParameters, long gzipBytes) {

        static Size of(byte[] onnx) {
            OnnxModel model = OnnxModel.parse(onnx, "a model of the platform");
            return new Size(ModelStatistics.of(model, model.graph().fixedSampleShape()).nonZeroParameters(),
                    ModelFigures.gzipBytes(onnx));
        }

        Size plus(Size other) {
            return new Size(nonZeroParameters + other.nonZeroParameters, gzipBytes + other.gzipBytes);
        }
    }
}
