package io.cardeck.pruning.importance;

import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.activations.LayerGeometry;
import io.cardeck.pruning.activations.LayerInputStatistics;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wanda (Sun et al. 2024): |w| times the RMS over calibration inputs of the input entry the weight
 * multiplies. The papers' norm is over all tokens; the RMS is that norm divided by the square root
 * of the vector count, which changes nothing within a layer and makes layers with many patches
 * (early convs) comparable with the others under one global threshold.
 */
public final class WandaImportance implements ImportanceCriterion {

    private final Map<String, LayerInputStatistics> byLayer;

    public WandaImportance(List<LayerInputStatistics> statistics) {
        this.byLayer = statistics.stream().collect(Collectors.toMap(s -> s.geometry().layer().name(), Function.identity()));
    }

    @Override
    public String name() {
        return "wanda";
    }

    @Override
    public float[] scores(PrunableLayer layer) {
        LayerInputStatistics statistics = byLayer.get(layer.name());
        if (statistics == null) {
            throw new IllegalArgumentException("no calibration inputs of layer " + layer.name());
        }
        LayerGeometry geometry = statistics.geometry();
        float[] weights = layer.weight().data();
        float[] scores = new float[weights.length];
        double[][] rms = new double[geometry.groups()][];
        for (int g = 0; g < rms.length; g++) {
            rms[g] = statistics.inputRms(g);
        }
        for (int unit = 0; unit < geometry.units(); unit++) {
            double[] groupRms = rms[geometry.group(unit)];
            for (int q = 0; q < geometry.fanIn(); q++) {
                int index = geometry.index(unit, q);
                scores[index] = (float) (Math.abs(weights[index]) * groupRms[q]);
            }
        }
        return scores;
    }
}
