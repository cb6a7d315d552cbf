package io.cardeck.pruning.training.rounds;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.PruningResults;
import io.cardeck.pruning.importance.MagnitudeImportance;
import io.cardeck.pruning.lrr.RewindingParameters;
import io.cardeck.pruning.training.ContextListener;
import io.cardeck.pruning.training.TrainingHistory;
import io.cardeck.pruning.training.TrainingRecipe;
import io.cardeck.pruning.unstructured.Scope;
import io.cardeck.pruning.unstructured.UnstructuredPruner;
import io.cardeck.trainer.TrainingResult;
import io.cardeck.trainer.graph.TorchModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prune-and-retrain in rounds, the engine of LRR and LTH: each round prunes the pruned layers to
 * its sparsity by global magnitude of the current weights, lets the {@link Rewind} prepare the
 * survivors (LRR keeps them, LTH restores their early values), and retrains with the recipe's
 * schedule from its start, masks fixed.
 *
 * <p>What survives a kill: each round's finished model ({@code round-NN.onnx}) and the epoch
 * checkpoints of the round in progress ({@code round-NN/}) in the context's work directory. A run
 * started again skips the finished rounds and resumes the round in progress at its last epoch;
 * pruning is deterministic, so the masks are the same.
 */
public final class RoundedPruning {

    /** What a method does to the surviving weights before each round's retraining. */
    public interface Rewind {

        /** Called with the round's masks set; may change the kept weights (masks re-apply). */
        void beforeRetraining(TorchModel model, int round);

        /** What the lineage records of the rewinding. */
        Map<String, Object> recipe();
    }

    private final String method;
    private final Rewind rewind;
    private final UnstructuredPruner pruner = new UnstructuredPruner(new MagnitudeImportance());

    public RoundedPruning(String method, Rewind rewind) {
        this.method = method;
        this.rewind = rewind;
    }

    /** What a request can get wrong about {@code parent}: the layers to prune, and a target above their sparsity. */
    public List<PrunableLayer> check(OnnxModel parent, RewindingParameters parameters) {
        return PrunableLayers.prunedBelow(parent, parameters.keepDense(), parameters.targetSparsity(), method);
    }

    public PruningResult run(OnnxModel parent, RewindingParameters parameters, PruningContext context) {
        return run(parent, parent, parameters, context);
    }

    /**
     * @param parent the model the lineage names as the parent
     * @param start  the trained model the first round prunes (the parent, or LTH's dense training)
     */
    public PruningResult run(OnnxModel parent, OnnxModel start, RewindingParameters parameters, PruningContext context) {
        CalibrationData data = context.data(method);
        List<String> pruned = check(parent, parameters).stream().map(PrunableLayer::name).toList();
        double initial = sparsity(parent, pruned);
        Path work = context.workDirectory().orElse(null);
        int rounds = parameters.roundCount();
        Map<String, Object> recorded = PruningParameters.toMap(parameters);
        List<Map<String, Object>> history = new ArrayList<>();
        OnnxModel current = start;
        int first = 1;
        for (int round = rounds; round >= 1 && work != null; round--) {
            Path finished = work.resolve(roundFile(round));
            if (Files.isRegularFile(finished)) {
                current = load(finished);
                first = round + 1;
                for (int r = 1; r <= round; r++) {
                    history.add(roundRecord(load(work.resolve(roundFile(r)))));
                }
                break;
            }
        }
        for (int round = first; round <= rounds; round++) {
            context.checkCancelled();
            double sparsity = parameters.sparsityAfter(round, initial);
            JobProgress part = context.progress().part((round - 1.0) / rounds, (double) round / rounds);
            String stage = String.format("round %d/%d (sparsity %.1f%%)", round, rounds, 100 * sparsity);
            part.report(0, stage + ": pruning by global magnitude");
            List<PrunableLayer> layers = PrunableLayers.of(current).stream().filter(l -> pruned.contains(l.name())).toList();
            List<boolean[]> keep = pruner.masks(layers, sparsity, Scope.GLOBAL);
            Path checkpoints = work == null ? null : work.resolve(String.format("round-%02d", round));
            TrainingResult trained;
            try (TorchModel model = TorchModel.compile(current)) {
                for (int l = 0; l < layers.size(); l++) {
                    model.parameter(layers.get(l).name()).setMask(floats(keep.get(l)));
                }
                rewind.beforeRetraining(model, round);
                trained = TrainingRecipe.run(model, parameters.retraining(), data, checkpoints,
                        new ContextListener(context, part, stage, round, checkpoints)).run();
            } catch (IOException e) {
                throw new UncheckedIOException(method + " round " + round + " checkpoints in " + checkpoints + ": "
                        + e.getMessage(), e);
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("round", round);
            record.put("rounds", rounds);
            record.put("sparsity", sparsity);
            record.put("resumedAfterEpoch", trained.resumedAfter());
            record.put("heldOutAccuracy", trained.finalAccuracy());
            record.put("history", trained.epochs().stream().map(TrainingHistory::of).toList());
            Map<String, Object> roundRecipe = new LinkedHashMap<>();
            roundRecipe.put("round", record);
            roundRecipe.put("rewind", rewind.recipe());
            PruningResult roundResult = PruningResults.of(current, trained.model(), method, recorded, roundRecipe, context);
            context.rounds().roundCompleted(round, rounds, roundResult);
            if (work != null) {
                save(roundResult.model(), work.resolve(roundFile(round)));
                deleteTree(checkpoints);
            }
            history.add(record);
            current = roundResult.model();
        }
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("rounds", history);
        recipe.put("rewind", rewind.recipe());
        return PruningResults.of(parent, current, method, recorded, recipe, context);
    }

    /** Sparsity of the named weights of {@code model} together. */
    static double sparsity(OnnxModel model, List<String> weights) {
        long zeros = 0;
        long total = 0;
        for (String name : weights) {
            var weight = model.graph().floatInitializer(name);
            total += weight.data().length;
            zeros += weight.data().length - weight.nonZeros();
        }
        return (double) zeros / total;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> roundRecord(OnnxModel roundModel) {
        return (Map<String, Object>) roundModel.metadata().lineage().recipe().get("round");
    }

    private static String roundFile(int round) {
        return String.format("round-%02d.onnx", round);
    }

    private static float[] floats(boolean[] keep) {
        float[] mask = new float[keep.length];
        for (int i = 0; i < keep.length; i++) {
            mask[i] = keep[i] ? 1f : 0f;
        }
        return mask;
    }

    private static OnnxModel load(Path file) {
        try {
            return OnnxModel.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the finished round " + file + ": " + e.getMessage(), e);
        }
    }

    private static void save(OnnxModel model, Path file) {
        try {
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            model.save(temporary);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the finished round " + file + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
