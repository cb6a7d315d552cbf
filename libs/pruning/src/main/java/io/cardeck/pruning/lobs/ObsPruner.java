package io.cardeck.pruning.lobs;

import io.cardeck.pruning.unstructured.LayerWeights;
import io.cardeck.pruning.unstructured.LayerwisePruner;
import io.cardeck.pruning.unstructured.PruningTimings;
import java.util.List;

/** L-OBS over a model's pruned layers: the saliencies are the scores, pruning runs the OBS updates. */
final class ObsPruner implements LayerwisePruner {

    private final List<LayerObs> layers;
    private final ObsUpdate update;
    private final PruningTimings timings;

    ObsPruner(List<LayerObs> layers, ObsUpdate update, PruningTimings timings) {
        this.layers = List.copyOf(layers);
        this.update = update;
        this.timings = timings;
    }

    @Override
    public List<float[]> scores() {
        return layers.stream().map(LayerObs::saliency).toList();
    }

    @Override
    public LayerWeights prune(int layer, int zeros) {
        return timings.time("updateSeconds", () -> layers.get(layer).prune(zeros, update));
    }
}
