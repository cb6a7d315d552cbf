package io.cardeck.pruning.importance;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.FilterSet;

/**
 * The L1 norm of a channel's filters (Li et al., "Pruning Filters for Efficient ConvNets", 2017),
 * summed over the layers of its group that produce it: in a residual stage, the filters of the stem
 * or shortcut conv and of every block's last conv that write the same channel.
 */
public final class L1FilterImportance implements GroupImportance {

    @Override
    public String name() {
        return "l1-filter";
    }

    @Override
    public float[] scores(ChannelGroup group, OnnxGraph graph) {
        double[] sums = new double[group.size()];
        for (FilterSet filters : group.producers()) {
            FloatTensor weight = graph.floatInitializer(filters.weight());
            for (int c = 0; c < sums.length; c++) {
                for (float value : filters.filterValues(weight, c)) {
                    sums[c] += Math.abs(value);
                }
            }
        }
        float[] scores = new float[sums.length];
        for (int c = 0; c < sums.length; c++) {
            scores[c] = (float) sums[c];
        }
        return scores;
    }
}
