package io.cardeck.pruning.training.lrr;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.lrr.RewindingParameters;
import io.cardeck.pruning.training.rounds.RoundedPruning;
import io.cardeck.trainer.graph.TorchModel;
import java.util.Map;

/**
 * Learning-rate rewinding (Renda et al. 2020; the CARD method of Diffenderfer et al. 2021): the
 * surviving weights keep their trained values, and only the learning-rate schedule starts again
 * each round.
 */
public final class LearningRateRewinding implements PruningMethod<RewindingParameters> {

    private final RoundedPruning rounds = new RoundedPruning(MethodCatalog.LRR.name(), new RoundedPruning.Rewind() {
        @Override
        public void beforeRetraining(TorchModel model, int round) {
            // The weights stay as trained: rewinding the schedule is the whole method.
        }

        @Override
        public Map<String, Object> recipe() {
            return Map.of("weights", "kept", "learningRate", "schedule from its start each round");
        }
    });

    @Override
    public MethodDescriptor<RewindingParameters> descriptor() {
        return MethodCatalog.LRR;
    }

    @Override
    public void check(OnnxModel model, RewindingParameters parameters) {
        rounds.check(model, parameters);
    }

    @Override
    public PruningResult prune(OnnxModel model, RewindingParameters parameters, PruningContext context) {
        return rounds.run(model, parameters, context);
    }
}
