package io.cardeck.pruning.training.lth;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.PruningResults;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.lth.WeightRewindingParameters;
import io.cardeck.pruning.recovery.FinetuneParameters;
import io.cardeck.pruning.training.ContextListener;
import io.cardeck.pruning.training.TrainingHistory;
import io.cardeck.pruning.training.TrainingRecipe;
import io.cardeck.pruning.training.rounds.RoundedPruning;
import io.cardeck.trainer.EpochResult;
import io.cardeck.trainer.TrainingResult;
import io.cardeck.trainer.graph.TorchModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lottery ticket hypothesis with weight rewinding (Frankle et al. 2019/2020): the dense model is
 * trained from a fresh initialisation, its weights at an early epoch k are kept, and each round
 * prunes by magnitude of the trained weights and restores the survivors to their epoch-k values
 * before retraining. The dense training is kept: it is reported as round 0.
 */
public final class WeightRewinding implements PruningMethod<WeightRewindingParameters> {

    @Override
    public MethodDescriptor<WeightRewindingParameters> descriptor() {
        return MethodCatalog.LTH;
    }

    @Override
    public void check(OnnxModel model, WeightRewindingParameters parameters) {
        PrunableLayers.prunedBelow(model, parameters.schedule().keepDense(), parameters.schedule().targetSparsity(), name());
    }

    @Override
    public PruningResult prune(OnnxModel model, WeightRewindingParameters parameters, PruningContext context) {
        CalibrationData data = context.data(name());
        Path work = context.workDirectory().orElse(null);
        double denseShare = parameters.denseEpochs()
                / (double) (parameters.denseEpochs() + parameters.schedule().roundCount() * parameters.retraining().epochs());
        OnnxModel fresh = FreshInitialization.of(model, parameters.initSeed());
        FinetuneParameters recipe = parameters.retraining();
        FinetuneParameters dense = new FinetuneParameters(parameters.denseEpochs(), recipe.learningRate(), recipe.schedule(),
                recipe.domain(), recipe.batchSize(), recipe.weightDecay(), recipe.seed());
        Path snapshot = work == null ? null : work.resolve(String.format("rewind-epoch-%02d.onnx", parameters.rewindEpoch()));
        Path denseFile = work == null ? null : work.resolve("dense.onnx");
        OnnxModel[] rewindPoint = {parameters.rewindEpoch() == 0 ? fresh : readIfPresent(snapshot)};
        OnnxModel trainedDense = readIfPresent(denseFile);
        Map<String, Object> denseRecord = new LinkedHashMap<>(TrainingRecipe.recorded(dense));
        if (trainedDense == null) {
            Path checkpoints = work == null ? null : work.resolve("dense");
            TrainingResult result;
            try (TorchModel torch = TorchModel.compile(fresh)) {
                ContextListener progress = new ContextListener(context, context.progress().part(0, denseShare),
                        "dense training", null, checkpoints) {
                    @Override
                    public void onEpoch(EpochResult epoch) {
                        if (epoch.epoch() == parameters.rewindEpoch()) {
                            rewindPoint[0] = torch.toOnnx();
                            save(rewindPoint[0], snapshot);
                        }
                        super.onEpoch(epoch);
                    }
                };
                result = TrainingRecipe.run(torch, dense, data, checkpoints, progress).run();
            } catch (IOException e) {
                throw new UncheckedIOException("lth dense training checkpoints: " + e.getMessage(), e);
            }
            if (rewindPoint[0] == null) {
                throw new IllegalStateException("the dense training resumed after epoch " + result.resumedAfter()
                        + " but the snapshot of epoch " + parameters.rewindEpoch() + " is missing from " + work
                        + "; delete " + work + " to train the dense model again");
            }
            trainedDense = result.model();
            denseRecord.put("history", result.epochs().stream().map(TrainingHistory::of).toList());
            PruningResult kept = PruningResults.of(model, trainedDense, name(), PruningParameters.toMap(parameters),
                    Map.of("dense", denseRecord), context);
            context.rounds().roundCompleted(0, parameters.schedule().roundCount(), kept);
            save(trainedDense, denseFile);
        }
        OnnxModel rewindWeights = rewindPoint[0];
        RoundedPruning rounds = new RoundedPruning(name(), new RoundedPruning.Rewind() {
            @Override
            public void beforeRetraining(TorchModel torch, int round) {
                torch.restoreWeights(rewindWeights);
            }

            @Override
            public Map<String, Object> recipe() {
                return Map.of("weights", "rewound to epoch " + parameters.rewindEpoch() + " of the dense training",
                        "learningRate", "schedule from its start each round");
            }
        });
        PruningContext roundsContext = context.toBuilder().progress(context.progress().part(denseShare, 1)).build();
        PruningResult result = rounds.run(model, trainedDense, parameters.schedule(), roundsContext);
        denseRecord.put("rewindEpoch", parameters.rewindEpoch());
        denseRecord.put("initSeed", parameters.initSeed());
        return PruningResults.withRecipe(result, Map.of("dense", denseRecord));
    }

    private static OnnxModel readIfPresent(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return OnnxModel.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void save(OnnxModel model, Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            model.save(temporary);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
