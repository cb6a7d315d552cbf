package io.cardeck.pruning.training.finetune;

import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.Finetuner;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.recovery.FinetuneParameters;
import io.cardeck.pruning.training.ContextListener;
import io.cardeck.pruning.training.TrainedLayers;
import io.cardeck.pruning.training.TrainingHistory;
import io.cardeck.pruning.training.TrainingRecipe;
import io.cardeck.trainer.TrainingResult;
import io.cardeck.trainer.graph.TorchModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-tunes a pruned model on the trainer: the zeros of the layers pruned in place are masked, a
 * structurally pruned model trains at its smaller shapes. Checkpoints after each epoch go to the
 * context's work directory ({@code finetune/}), from which a run started again resumes.
 */
public final class TrainerFinetuner implements Finetuner {

    static final String CHECKPOINTS = "finetune";

    @Override
    public Finetuned finetune(PruningResult pruned, FinetuneParameters parameters, PruningContext context) {
        CalibrationData data = context.data("fine-tuning");
        Path checkpoints = context.workDirectory().map(directory -> directory.resolve(CHECKPOINTS)).orElse(null);
        try (TorchModel model = TorchModel.compile(pruned.model())) {
            TrainedLayers.keepZeros(model, pruned.layers());
            TrainingResult result = TrainingRecipe.run(model, parameters, data, checkpoints,
                    new ContextListener(context, context.progress(), "fine-tuning", null, checkpoints)).run();
            Map<String, Object> recipe = new LinkedHashMap<>(TrainingRecipe.recorded(parameters));
            recipe.put("resumedAfterEpoch", result.resumedAfter());
            recipe.put("history", result.epochs().stream().map(TrainingHistory::of).toList());
            return new Finetuned(result.model(), recipe);
        } catch (IOException e) {
            throw new UncheckedIOException("fine-tuning checkpoints in " + checkpoints + ": " + e.getMessage(), e);
        }
    }
}
