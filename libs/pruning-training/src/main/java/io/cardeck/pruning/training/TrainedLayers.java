package io.cardeck.pruning.training;

import io.cardeck.pruning.LayerChange;
import io.cardeck.trainer.graph.TorchModel;
import java.util.List;

/** Which weights keep their zeros through training: the layers a method thinned out in place. */
public final class TrainedLayers {

    private TrainedLayers() {}

    /**
     * Masks the zeros of every weight that {@code changes} thinned out without changing its shape,
     * so they stay zero; removed channels (structured pruning) need no mask, their tensors are gone.
     */
    public static void keepZeros(TorchModel model, List<LayerChange> changes) {
        for (LayerChange change : changes) {
            if (change.dimsBefore().equals(change.dimsAfter()) && change.nonZerosAfter() < change.parameters()) {
                model.parameter(change.layer()).maskZeros();
            }
        }
    }
}
