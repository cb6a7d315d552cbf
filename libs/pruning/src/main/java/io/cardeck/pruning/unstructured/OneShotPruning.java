package io.cardeck.pruning.unstructured;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.activations.LayerInputs;
import io.cardeck.pruning.allocation.Allocation;
import io.cardeck.pruning.allocation.AllocationFitness;
import io.cardeck.pruning.allocation.AllocationInput;
import io.cardeck.pruning.allocation.LayerBudget;
import io.cardeck.pruning.allocation.SparsityTarget;
import io.cardeck.pruning.importance.WandaImportance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one pipeline of every one-shot unstructured method: choose the layers (keepDense), set the
 * target (sparsity, maxLayerSparsity), build the method's {@link LayerwisePruner} (capturing
 * calibration inputs only if something needs them), let the allocation decide each layer's zeros,
 * prune every layer to its count, and write the model with its lineage: parameters, the
 * allocation's per-layer sparsities and findings, and where the time went.
 */
public final class OneShotPruning {

    /** Builds a method's pruner for the chosen layers; {@code inputs} captures calibration inputs on demand. */
    @FunctionalInterface
    public interface PrunerFactory {
        LayerwisePruner create(List<PrunableLayer> layers, LayerInputSource inputs, PruningTimings timings);
    }

    private OneShotPruning() {}

    /** What a request can get wrong about a model: the layers that keepDense names, and something left to prune. */
    public static void check(OnnxModel model, UnstructuredParameters parameters) {
        PrunableLayers.pruned(model, parameters.keepDense());
    }

    /**
     * @param method     the method's name (for messages and the lineage)
     * @param parameters the method's record, recorded in the lineage
     * @param capture    how the method wants calibration inputs captured (Hessians or not)
     */
    public static <P extends Record & UnstructuredParameters> PruningResult prune(OnnxModel model, P parameters, String method,
                                                                                PruningContext context, LayerInputs.Options capture,
                                                                                PrunerFactory factory) {
        long started = System.nanoTime();
        List<PrunableLayer> layers = PrunableLayers.pruned(model, parameters.keepDense());
        SparsityTarget target = SparsityTarget.of(layers, parameters.sparsity(), parameters.maxLayerSparsity());
        Allocation allocation = Allocation.of(parameters.allocation());
        PruningTimings timings = new PruningTimings();
        JobProgress progress = context.progress();
        LayerInputSource inputs = new LayerInputSource(model, layers,
                () -> context.data(method).calibration(parameters.calibrationImages()), capture, progress.part(0, 0.4),
                context::checkCancelled, timings);
        LayerwisePruner pruner = factory.create(layers, inputs, timings);
        Supplier<List<float[]>> scores = memoized(pruner::scores);
        Supplier<List<float[]>> activationScores = memoized(() -> {
            WandaImportance wanda = new WandaImportance(inputs.statistics());
            return layers.stream().map(wanda::scores).toList();
        });
        AllocationFitness fitness = new LazyFitness(() -> new HeldOutLoss(model, layers, pruner,
                heldOut(context, method, parameters.allocation().fitnessImages()), timings));
        LayerBudget budget = timings.time("allocationSeconds", () -> allocation.allocate(new AllocationInput(layers, target,
                scores, activationScores, fitness, progress.part(0.4, 0.9), context::checkCancelled)));
        List<LayerWeights> weights = new ArrayList<>();
        timings.time("pruneSeconds", () -> {
            for (int l = 0; l < layers.size(); l++) {
                context.checkCancelled();
                weights.add(pruner.prune(l, budget.zeros(l)));
                progress.report(0.9 + 0.1 * (l + 1) / layers.size(), "pruned " + layers.get(l).node() + " to sparsity "
                        + String.format(java.util.Locale.ROOT, "%.3f", budget.sparsity(l)));
            }
            return null;
        });
        timings.add("totalSeconds", (System.nanoTime() - started) / 1e9);
        Map<String, Object> recipe = new LinkedHashMap<>();
        Map<String, Object> allocated = new LinkedHashMap<>();
        allocated.put("type", allocation.type().label());
        allocated.put("layerSparsity", budget.layerSparsities());
        allocated.putAll(budget.details());
        recipe.put("allocation", allocated);
        if (inputs.capturedImages() > 0) {
            recipe.put("calibrationImages", inputs.capturedImages());
            recipe.put("layerInputsReused", inputs.reused());
        }
        recipe.put("timings", timings.toMap());
        return MaskedModels.withLayerWeights(model, layers, weights, method, PruningParameters.toMap(parameters), recipe,
                context);
    }

    private static ImageDataset heldOut(PruningContext context, String method, int images) {
        CalibrationData data = context.data(method + " with the dsa allocation (its fitness is a held-out loss)");
        ImageDataset validation = data.validation();
        if (images > validation.size()) {
            throw new InvalidParameterException("allocation.fitnessImages must be at most " + validation.size()
                    + " (the held-out images of " + data.dataset() + "), got " + images);
        }
        return validation.firstImages(images);
    }

    private static <T> Supplier<T> memoized(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** A fitness built on first use, so that allocations without a search need no held-out data. */
    private static final class LazyFitness implements AllocationFitness {

        private final Supplier<HeldOutLoss> loss;

        LazyFitness(Supplier<HeldOutLoss> loss) {
            this.loss = memoized(loss);
        }

        @Override
        public double loss(LayerBudget budget) {
            return loss.get().loss(budget);
        }
    }
}
