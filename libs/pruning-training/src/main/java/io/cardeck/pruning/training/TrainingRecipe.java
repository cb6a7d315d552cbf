package io.cardeck.pruning.training;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.recovery.FinetuneParameters;
import io.cardeck.trainer.TrainingListener;
import io.cardeck.trainer.TrainingRun;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link FinetuneParameters} recipe as a training run: SGD with Nesterov momentum 0.9 and the
 * recipe's weight decay (as the zoo was trained), the schedule's shape over the recipe's epochs,
 * the domain's augmentation, on the training part of the split with the held-out part evaluated
 * after each epoch, checkpointed after each epoch.
 */
public final class TrainingRecipe {

    private TrainingRecipe() {}

    /**
     * @param checkpoints directory of this run's epoch checkpoints (resumed from if it holds one); null for none
     */
    public static TrainingRun run(TorchModel model, FinetuneParameters recipe, CalibrationData data, Path checkpoints,
                                  TrainingListener listener) {
        return TrainingRun.builder(model, data.training())
                .optimizer(new SgdConfig(0.9, true, recipe.weightDecay()))
                .schedule(schedule(recipe))
                .augmentation(TrainingDomains.byName(recipe.domain().label()))
                .epochs(recipe.epochs())
                .batchSize(recipe.batchSize())
                .seed(recipe.seed())
                .evaluateOn(data.validation())
                .checkpoints(checkpoints)
                .listener(listener)
                .build();
    }

    /** The learning rate over the recipe's epochs. */
    public static LearningRateSchedule schedule(FinetuneParameters recipe) {
        double peak = recipe.learningRate();
        int epochs = recipe.epochs();
        return switch (recipe.schedule()) {
            case COSINE -> epochs > 2 ? LearningRateSchedule.cosine(peak, epochs).withWarmup(1, 0.1)
                    : LearningRateSchedule.cosine(peak, epochs);
            case CONSTANT -> LearningRateSchedule.constant(peak);
            case STEP -> LearningRateSchedule.step(peak, 0.1, epochs * 0.5, epochs * 0.75);
        };
    }

    /** What the lineage records of the recipe. */
    public static Map<String, Object> recorded(FinetuneParameters recipe) {
        return PruningParameters.toMap(recipe);
    }
}
