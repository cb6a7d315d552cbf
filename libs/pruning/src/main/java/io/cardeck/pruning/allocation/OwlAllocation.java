package io.cardeck.pruning.allocation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outlier-weighted layer-wise sparsity (OWL, Yin et al. 2024): a layer's outlier ratio is the share
 * of its |w| x input-RMS scores above {@code threshold} times the layer's mean score; layers with a
 * higher ratio keep more weights. Ratios are min-max normalised into densities {@code 2 * band}
 * wide and shifted onto the target, as in OWL's code.
 */
public final class OwlAllocation implements Allocation {

    private final double threshold;
    private final double band;

    public OwlAllocation(double threshold, double band) {
        this.threshold = threshold;
        this.band = band;
    }

    @Override
    public AllocationType type() {
        return AllocationType.OWL;
    }

    @Override
    public LayerBudget allocate(AllocationInput input) {
        List<float[]> scores = input.activationScores().get();
        double[] ratios = scores.stream().mapToDouble(this::outlierRatio).toArray();
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Double> byLayer = new LinkedHashMap<>();
        for (int l = 0; l < ratios.length; l++) {
            byLayer.put(input.target().layers().get(l), ratios[l]);
        }
        details.put("outlierRatios", byLayer);
        return input.target().byBand(ratios, band, details);
    }

    /** Share of the scores above {@code threshold} x their mean. */
    double outlierRatio(float[] scores) {
        double mean = 0;
        for (float score : scores) {
            mean += score;
        }
        mean /= scores.length;
        long outliers = 0;
        for (float score : scores) {
            if (score > threshold * mean) {
                outliers++;
            }
        }
        return (double) outliers / scores.length;
    }
}
