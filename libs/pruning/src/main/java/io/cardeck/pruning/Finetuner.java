package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.recovery.FinetuneParameters;
import java.util.Map;

/**
 * Fine-tunes a pruned model with its masks (unstructured) or shapes (structured) kept. Runs on the
 * trainer, so it is implemented beside it (cardeck-pruning-training) and found through
 * {@link java.util.ServiceLoader}.
 */
public interface Finetuner {

    /** The fine-tuned model and what the lineage records of the run (recipe, history, held-out accuracy). */
    record Finetuned(OnnxModel model, Map<String, Object> recipe) {
    }

    /**
     * @param pruned the model to fine-tune; its zero weights in the layers that {@code pruned.layers()}
     *     thinned out in place stay zero
     * @throws PruningCancelledException if the context is cancelled (the last epoch checkpoint stays)
     */
    Finetuned finetune(PruningResult pruned, FinetuneParameters parameters, PruningContext context);
}
