package io.cardeck.pruning.recovery;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;

/**
 * Top-1 accuracy through ONNX Runtime on a held-out part of the training split: what a recovery
 * reports before and after. Not the evaluator's figures, which come from the test split.
 */
public final class HeldOutAccuracy {

    private static final int BATCH = 256;

    private HeldOutAccuracy() {}

    public static double of(OnnxModel model, ImageDataset heldOut) {
        int correct = 0;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            for (int from = 0; from < heldOut.size(); from += BATCH) {
                int size = Math.min(BATCH, heldOut.size() - from);
                Logits logits = session.run(heldOut.images(from, size), size);
                for (int row = 0; row < size; row++) {
                    if (logits.argmax(row) == heldOut.label(from + row)) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / heldOut.size();
    }
}
