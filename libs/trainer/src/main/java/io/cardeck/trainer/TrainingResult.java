package io.cardeck.trainer;

import io.cardeck.onnx.OnnxModel;
import java.util.List;

/**
 * A finished run.
 *
 * @param epochs every epoch of the run, those before a resume included
 * @param model the trained model: the input graph with trained initializers
 * @param resumedAfter the epoch of the checkpoint the run resumed from; 0 for a fresh run
 */
public record TrainingResult(List<EpochResult> epochs, OnnxModel model, int resumedAfter) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's held-out accuracy, or its training accuracy when the run had no evaluation set. */
    public double finalAccuracy() {
        if (epochs.isEmpty()) {
            return 0;
        }
        EpochResult last = epochs.get(epochs.size() - 1);
        return last.heldOut().map(Evaluation::accuracy).orElse(last.accuracy());
    }
}
