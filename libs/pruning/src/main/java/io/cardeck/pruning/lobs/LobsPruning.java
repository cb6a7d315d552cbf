package io.cardeck.pruning.lobs;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.activations.LayerInputStatistics;
import io.cardeck.pruning.activations.LayerInputs;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.unstructured.OneShotPruning;
import java.util.List;

/**
 * Layer-wise Optimal Brain Surgeon (Dong, Chen, Pan, NeurIPS 2017): each layer's inputs from
 * calibration images, its Hessian {@code (1/n) sum y y^T} inverted once, weights removed in
 * ascending saliency with the OBS update of the rest of their output unit. Layers are pruned
 * independently from the dense model's inputs, as in the paper.
 */
public final class LobsPruning implements PruningMethod<LobsParameters> {

    /** Images per ONNX Runtime call while capturing layer inputs. */
    private static final int CAPTURE_BATCH = 32;

    @Override
    public MethodDescriptor<LobsParameters> descriptor() {
        return MethodCatalog.LOBS;
    }

    /** The layers that keepDense names exist, and something is left to prune. */
    @Override
    public void check(OnnxModel model, LobsParameters parameters) {
        OneShotPruning.check(model, parameters);
    }

    @Override
    public PruningResult prune(OnnxModel model, LobsParameters parameters, PruningContext context) {
        long seed = context.data().map(CalibrationData::seed).orElse(0L);
        return OneShotPruning.prune(model, parameters, descriptor().name(), context,
                new LayerInputs.Options(true, parameters.patchesPerImage(), seed, CAPTURE_BATCH),
                (layers, inputs, timings) -> {
                    List<LayerInputStatistics> statistics = inputs.statistics();
                    List<LayerObs> obs = timings.time("inverseSeconds", () -> statistics.parallelStream()
                            .map(s -> LayerObs.of(model, s, parameters.damping(), parameters.saliencyNormalization())).toList());
                    context.progress().report(0.4, "inverted " + obs.size() + " layer Hessians");
                    return new ObsPruner(obs, parameters.update(), timings);
                });
    }
}
