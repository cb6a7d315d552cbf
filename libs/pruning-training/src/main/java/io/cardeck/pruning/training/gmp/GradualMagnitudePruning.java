package io.cardeck.pruning.training.gmp;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.PruningResults;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.gmp.GradualParameters;
import io.cardeck.pruning.importance.MagnitudeImportance;
import io.cardeck.pruning.schedule.CubicSparsitySchedule;
import io.cardeck.pruning.training.ContextListener;
import io.cardeck.pruning.training.TrainingHistory;
import io.cardeck.pruning.training.TrainingRecipe;
import io.cardeck.pruning.unstructured.Scope;
import io.cardeck.pruning.unstructured.UnstructuredPruner;
import io.cardeck.trainer.Trainer;
import io.cardeck.trainer.TrainingResult;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradual magnitude pruning (Zhu and Gupta 2017): one training run in which, every interval steps
 * of the schedule's window, the pruned layers are masked to the cubic schedule's sparsity by
 * global magnitude of their current weights. Pruned weights stay zero (masked), so the masks only
 * grow. The step counter is the run's, so a run resumed from an epoch checkpoint prunes at the
 * same steps.
 */
public final class GradualMagnitudePruning implements PruningMethod<GradualParameters> {

    private final UnstructuredPruner pruner = new UnstructuredPruner(new MagnitudeImportance());

    @Override
    public MethodDescriptor<GradualParameters> descriptor() {
        return MethodCatalog.GMP;
    }

    @Override
    public void check(OnnxModel model, GradualParameters parameters) {
        PrunableLayers.prunedBelow(model, parameters.keepDense(), parameters.targetSparsity(), name());
    }

    @Override
    public PruningResult prune(OnnxModel model, GradualParameters parameters, PruningContext context) {
        CalibrationData data = context.data(name());
        List<PrunableLayer> layers = PrunableLayers.prunedBelow(model, parameters.keepDense(), parameters.targetSparsity(), name());
        double initial = PrunableLayers.sparsity(layers);
        int batchSize = parameters.training().batchSize();
        long batches = (data.trainingImages() + batchSize - 1) / batchSize;
        long steps = batches * parameters.training().epochs();
        long start = Math.round(parameters.startFraction() * steps);
        long end = Math.max(start + 1, Math.round(parameters.endFraction() * steps));
        CubicSparsitySchedule schedule = new CubicSparsitySchedule(initial, parameters.targetSparsity(), start, end,
                parameters.interval());
        Path checkpoints = context.workDirectory().map(directory -> directory.resolve("gmp")).orElse(null);
        TrainingResult result;
        try (TorchModel torch = TorchModel.compile(model)) {
            List<Parameter> pruned = layers.stream().map(l -> torch.parameter(l.name())).toList();
            ContextListener listener = new ContextListener(context, context.progress(), "training with gradual pruning", null,
                    checkpoints) {
                @Override
                public void afterStep(Trainer trainer, long step) {
                    super.afterStep(trainer, step);
                    if (schedule.prunesAt(step)) {
                        prune(layers, pruned, schedule.sparsityAt(step));
                    }
                }
            };
            result = TrainingRecipe.run(torch, parameters.training(), data, checkpoints, listener).run();
        } catch (IOException e) {
            throw new UncheckedIOException("gmp checkpoints in " + checkpoints + ": " + e.getMessage(), e);
        }
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("schedule", Map.of("shape", "cubic", "initialSparsity", initial, "startStep", start, "endStep", end,
                "interval", parameters.interval(), "steps", steps));
        recipe.put("resumedAfterEpoch", result.resumedAfter());
        recipe.put("history", result.epochs().stream().map(TrainingHistory::of).toList());
        return PruningResults.of(model, result.model(), name(), PruningParameters.toMap(parameters), recipe, context);
    }

    /** Masks the pruned layers to {@code sparsity} by global magnitude of their current weights. */
    private void prune(List<PrunableLayer> layers, List<Parameter> parameters, double sparsity) {
        List<PrunableLayer> current = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            PrunableLayer layer = layers.get(l);
            current.add(new PrunableLayer(layer.node(), layer.op(),
                    new FloatTensor(layer.name(), layer.weight().dims(), parameters.get(l).values())));
        }
        List<boolean[]> keep = pruner.masks(current, sparsity, Scope.GLOBAL);
        for (int l = 0; l < parameters.size(); l++) {
            boolean[] kept = keep.get(l);
            float[] mask = new float[kept.length];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = kept[i] ? 1f : 0f;
            }
            parameters.get(l).setMask(mask);
        }
    }
}
