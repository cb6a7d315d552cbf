package io.cardeck.trainer;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.optim.OptimizerState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run needs to continue after epoch {@code epoch} as if it had not stopped.
 * Random state needs no saving: every random choice derives from the seed and its position (see
 * {@link TrainingSettings#seed()}).
 *
 * @param epoch completed epochs, from 1
 * @param settings the run's settings
 * @param model the model with the weights and running statistics after the epoch
 * @param optimizer the optimiser's buffers and step count
 * @param masks the masks of the masked parameters by name (arrays shared, not copied)
 * @param history the results of epochs 1..epoch
 */
public record Checkpoint(int epoch, TrainingSettings settings, OnnxModel model, OptimizerState optimizer,
                         Map<String, float[]> masks, List<EpochResult> history) {

    public Checkpoint {
        if (epoch < 1) {
            throw new IllegalArgumentException("a checkpoint follows a completed epoch (>= 1), got " + epoch);
        }
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(optimizer, "optimizer");
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
        history = List.copyOf(history);
    }
}
