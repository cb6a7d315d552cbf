package io.cardeck.pruning.unstructured;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.allocation.AllocationFitness;
import io.cardeck.pruning.allocation.LayerBudget;
import java.util.ArrayList;
import java.util.List;

/**
 * The mean cross-entropy of the model pruned by a budget on held-out training images, through ONNX
 * Runtime: the fitness of a DSA search (the papers' perplexity, for classifiers). The images are
 * decoded once; each call prunes, opens a session and runs them. Never the test split.
 */
public final class HeldOutLoss implements AllocationFitness {

    private static final int BATCH = 128;

    private final OnnxModel model;
    private final List<PrunableLayer> layers;
    private final LayerwisePruner pruner;
    private final float[] images;
    private final int[] labels;
    private final PruningTimings timings;

    public HeldOutLoss(OnnxModel model, List<PrunableLayer> layers, LayerwisePruner pruner, ImageDataset heldOut,
                       PruningTimings timings) {
        this.model = model;
        this.layers = List.copyOf(layers);
        this.pruner = pruner;
        this.images = heldOut.images(0, heldOut.size());
        this.labels = heldOut.labels(0, heldOut.size());
        this.timings = timings;
    }

    @Override
    public double loss(LayerBudget budget) {
        List<LayerWeights> weights = timings.time("fitnessPruneSeconds", () -> {
            List<LayerWeights> values = new ArrayList<>();
            for (int l = 0; l < layers.size(); l++) {
                values.add(pruner.prune(l, budget.zeros(l)));
            }
            return values;
        });
        return timings.time("fitnessInferenceSeconds", () -> loss(MaskedModels.replaced(model, layers, weights), images, labels));
    }

    /** Mean cross-entropy of {@code model} on the images (NCHW, one after another) and their labels. */
    public static double loss(OnnxModel model, float[] images, int[] labels) {
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            int sampleSize = session.sampleSize();
            double total = 0;
            for (int from = 0; from < labels.length; from += BATCH) {
                int count = Math.min(BATCH, labels.length - from);
                float[] batch = java.util.Arrays.copyOfRange(images, from * sampleSize, (from + count) * sampleSize);
                Logits logits = session.run(batch, count);
                for (int row = 0; row < count; row++) {
                    total += crossEntropy(logits, row, labels[from + row]);
                }
            }
            return total / labels.length;
        }
    }

    private static double crossEntropy(Logits logits, int row, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < logits.cols(); c++) {
            max = Math.max(max, logits.get(row, c));
        }
        double sum = 0;
        for (int c = 0; c < logits.cols(); c++) {
            sum += Math.exp(logits.get(row, c) - max);
        }
        return max + Math.log(sum) - logits.get(row, label);
    }
}
