package io.cardeck.pruning.unstructured;

import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.activations.LayerGeometry;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Zeroes the lowest-scoring weights of a layer and leaves the others as they are, over the whole
 * layer (magnitude) or within each output unit (Wanda compares the weights of one output, with the
 * layer's zeros spread evenly over its units). Ties go to the earlier position, so the result is
 * deterministic.
 */
public final class MaskPruner implements LayerwisePruner {

    private final List<PrunableLayer> layers;
    private final List<float[]> scores;
    private final List<LayerGeometry> units;

    private MaskPruner(List<PrunableLayer> layers, List<float[]> scores, List<LayerGeometry> units) {
        this.layers = List.copyOf(layers);
        this.scores = List.copyOf(scores);
        this.units = units == null ? null : List.copyOf(units);
    }

    /** The lowest scores of each layer as a whole. */
    public static MaskPruner layerWise(List<PrunableLayer> layers, List<float[]> scores) {
        return new MaskPruner(layers, scores, null);
    }

    /** The lowest scores within each output unit of each layer. */
    public static MaskPruner perUnit(List<LayerGeometry> geometries, List<float[]> scores) {
        return new MaskPruner(geometries.stream().map(LayerGeometry::layer).toList(), scores, geometries);
    }

    @Override
    public List<float[]> scores() {
        return scores;
    }

    @Override
    public LayerWeights prune(int layer, int zeros) {
        float[] weights = layers.get(layer).weight().data().clone();
        boolean[] keep = keepMask(layer, zeros);
        for (int i = 0; i < weights.length; i++) {
            if (!keep[i]) {
                weights[i] = 0f;
            }
        }
        return LayerWeights.of(weights);
    }

    /** Which weights of layer {@code layer} stay (true) when {@code zeros} of them go. */
    public boolean[] keepMask(int layer, int zeros) {
        float[] layerScores = scores.get(layer);
        boolean[] keep = new boolean[layerScores.length];
        java.util.Arrays.fill(keep, true);
        if (units == null) {
            dropLowest(keep, layerScores, IntStream.range(0, keep.length).toArray(), zeros);
            return keep;
        }
        LayerGeometry geometry = units.get(layer);
        int perUnit = zeros / geometry.units();
        int extra = zeros % geometry.units();
        for (int unit = 0; unit < geometry.units(); unit++) {
            int u = unit;
            int[] positions = IntStream.range(0, geometry.fanIn()).map(q -> geometry.index(u, q)).toArray();
            dropLowest(keep, layerScores, positions, perUnit + (unit < extra ? 1 : 0));
        }
        return keep;
    }

    /** Marks the {@code count} lowest-scoring of {@code positions} as dropped. */
    private static void dropLowest(boolean[] keep, float[] scores, int[] positions, int count) {
        if (count <= 0) {
            return;
        }
        Integer[] order = IntStream.of(positions).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (a, b) -> {
            int byScore = Float.compare(scores[a], scores[b]);
            return byScore != 0 ? byScore : Integer.compare(a, b);
        });
        for (int i = 0; i < count; i++) {
            keep[order[i]] = false;
        }
    }
}
