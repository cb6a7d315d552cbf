package io.cardeck.pruning.allocation;

import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PrunableLayer;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an allocation may look at. The suppliers are lazy, so that an allocation that needs no
 * data (uniform, erk) costs no forward pass.
 *
 * @param layers           the pruned layers
 * @param target           the overall sparsity and the layers' ceilings
 * @param scores           the method's importance of each weight, per layer (higher: keep)
 * @param activationScores |w| x the RMS of its input over calibration images, per layer (OWL's metric)
 * @param fitness          the held-out loss of the model pruned by a budget (DSA's fitness)
 * @param progress         where a long allocation (a search) reports
 * @param cancellation     throws {@link io.cardeck.pruning.PruningCancelledException} once the run is cancelled
 */
public record AllocationInput(List<PrunableLayer> layers, SparsityTarget target, Supplier<List<float[]>> scores,
                              Supplier<List<float[]>> activationScores, AllocationFitness fitness, JobProgress progress,
                              Runnable cancellation) {

    public AllocationInput {
        layers = List.copyOf(layers);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(activationScores, "activationScores");
        Objects.requireNonNull(fitness, "fitness");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(cancellation, "cancellation");
    }
}
