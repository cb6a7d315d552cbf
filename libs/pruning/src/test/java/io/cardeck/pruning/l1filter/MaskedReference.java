package io.cardeck.pruning.l1filter;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.DependencyGraph;
import io.cardeck.pruning.graph.FilterSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * References for a structurally pruned model, built from the original model alone with ONNX Runtime
 * as the calculator: the removed filters zeroed (what physical removal stands for), and the same with
 * the removed channels silenced and their constants (read from ONNX Runtime) folded into the readers'
 * biases by plain loops here. Which channels were removed is read from the result's lineage.
 */
final class MaskedReference {

    /** One pruned group as the lineage records it. */
    record Removal(List<String> producers, List<String> consumers, int channels, List<Integer> removed) {}

    private MaskedReference() {}

    @SuppressWarnings("unchecked")
    static List<Removal> removals(PruningResult result) {
        List<Map<String, Object>> groups = (List<Map<String, Object>>) result.model().metadata().lineage().recipe().get("groups");
        List<Removal> removals = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            removals.add(new Removal((List<String>) group.get("producers"), (List<String>) group.get("consumers"),
                    ((Number) group.get("channels")).intValue(),
                    ((List<Number>) group.get("removed")).stream().map(Number::intValue).toList()));
        }
        return removals;
    }

    /** {@code model} with the filters of the removed channels set to zero; biases and BatchNorm untouched. */
    static OnnxModel zeroedFilters(OnnxModel model, List<Removal> removals) {
        OnnxGraph graph = model.graph();
        Map<String, float[]> weights = new HashMap<>();
        List<ChannelGroup> groups = DependencyGraph.of(model).groups();
        for (Removal removal : removals) {
            ChannelGroup group = groups.stream().filter(g -> g.producerNodes().equals(removal.producers())).findFirst()
                    .orElseThrow();
            for (FilterSet filters : group.producers()) {
                FloatTensor weight = graph.floatInitializer(filters.weight());
                float[] values = weights.computeIfAbsent(filters.weight(), w -> weight.data().clone());
                for (int position : removal.removed()) {
                    for (int index : filters.indices()[position]) {
                        zeroSlice(values, weight.dims(), filters.axis(), index);
                    }
                }
            }
        }
        ModelEditor editor = model.edit();
        weights.forEach((name, values) -> editor.replaceInitializer(new FloatTensor(name, graph.floatInitializer(name).dims(),
                values)));
        return editor.build();
    }

    /**
     * The zeroed-filter model with each removed channel made exactly zero (its producer's bias and its
     * BatchNorm scale and shift zeroed) and, in the bias of every layer reading it, the constant the
     * channel had in the zeroed-filter model (read from ONNX Runtime) times that layer's weights for it.
     * For zoo models: a channel's position at a Conv's input is its position in the group, and a
     * Gemm reading a flattened map gives each channel columns / channels consecutive columns.
     */
    static OnnxModel silencedAndFolded(OnnxModel model, List<Removal> removals, float[] image) {
        return silenced(model, removals, image, true);
    }

    /** The same without the folds: the removed channels' contribution dropped. */
    static OnnxModel silenced(OnnxModel model, List<Removal> removals) {
        int sample = (int) Arrays.stream(model.graph().fixedSampleShape()).reduce(1, Math::multiplyExact);
        return silenced(model, removals, new float[sample], false);
    }

    private static OnnxModel silenced(OnnxModel model, List<Removal> removals, float[] image, boolean fold) {
        OnnxModel zeroed = zeroedFilters(model, removals);
        OnnxGraph graph = zeroed.graph();
        Set<String> readerInputs = new LinkedHashSet<>();
        removals.forEach(r -> r.consumers().forEach(c -> readerInputs.add(node(graph, c).inputs().get(0))));
        Map<String, OutputTensor> seen;
        try (ModelSession session = InferenceSessions.open(zeroed.withExtraOutputs(readerInputs), SessionOptionsSpec.cpu())) {
            seen = session.runAll(image, 1, readerInputs);
        }
        Map<String, float[]> changed = new HashMap<>();
        Map<String, long[]> dims = new HashMap<>();
        List<String> newBiases = new ArrayList<>();
        for (Removal removal : fold ? removals : List.<Removal>of()) {
            for (String consumer : removal.consumers()) {
                OnnxNode node = node(graph, consumer);
                FloatTensor weight = graph.floatInitializer(node.inputs().get(1));
                long[] w = weight.dims();
                int units = (int) w[0];
                int inputs = (int) w[1];
                int kernel = weight.data().length / (units * inputs);
                int columnsPerChannel = node.opType().equals("Gemm") ? inputs / removal.channels() : 1;
                OutputTensor input = seen.get(node.inputs().get(0));
                int spatial = input.data().length / (int) input.shape()[1];
                String biasName = node.inputs().size() > 2 ? node.inputs().get(2) : consumer + ".reference-bias";
                if (node.inputs().size() <= 2 && !changed.containsKey(biasName)) {
                    changed.put(biasName, new float[units]);
                    dims.put(biasName, new long[] {units});
                    newBiases.add(consumer);
                }
                float[] bias = changed.computeIfAbsent(biasName, b -> graph.floatInitializer(b).data().clone());
                dims.computeIfAbsent(biasName, b -> graph.floatInitializer(b).dims());
                for (int channel : removal.removed()) {
                    for (int p = channel * columnsPerChannel; p < (channel + 1) * columnsPerChannel; p++) {
                        float constant = input.data()[p * spatial];
                        for (int o = 0; o < units; o++) {
                            double sum = 0;
                            for (int k = 0; k < kernel; k++) {
                                sum += weight.data()[(o * inputs + p) * kernel + k];
                            }
                            bias[o] += (float) (constant * sum);
                        }
                    }
                }
            }
        }
        // Silenced after folding: a layer that reads one group and produces another must end with zero bias
        // for its own removed channels.
        for (Removal removal : removals) {
            for (String producer : removal.producers()) {
                OnnxNode node = node(graph, producer);
                String bias = node.inputs().size() > 2 ? node.inputs().get(2) : producer + ".reference-bias";
                if (node.inputs().size() > 2 || changed.containsKey(bias)) {
                    zero(graph, changed, dims, bias, removal.removed());
                }
                for (OnnxNode next : graph.consumers(node.outputs().get(0))) {
                    if (next.opType().equals("BatchNormalization")) {
                        zero(graph, changed, dims, next.inputs().get(1), removal.removed());
                        zero(graph, changed, dims, next.inputs().get(2), removal.removed());
                    }
                }
            }
        }
        ModelEditor editor = zeroed.edit();
        for (String consumer : newBiases) {
            String name = consumer + ".reference-bias";
            editor.addInitializer(new FloatTensor(name, dims.get(name), changed.remove(name)));
            editor.setNodeInput(node(graph, consumer).index(), 2, name);
        }
        changed.forEach((name, values) -> editor.replaceInitializer(new FloatTensor(name, dims.get(name), values)));
        return editor.build();
    }

    private static void zero(OnnxGraph graph, Map<String, float[]> changed, Map<String, long[]> dims, String name,
                             List<Integer> positions) {
        float[] values = changed.computeIfAbsent(name, n -> graph.floatInitializer(n).data().clone());
        dims.computeIfAbsent(name, n -> graph.floatInitializer(n).dims());
        positions.forEach(p -> values[p] = 0f);
    }

    private static void zeroSlice(float[] values, long[] dims, int axis, int index) {
        int inner = 1;
        for (int d = axis + 1; d < dims.length; d++) {
            inner *= (int) dims[d];
        }
        int length = (int) dims[axis];
        for (int start = index * inner; start < values.length; start += length * inner) {
            java.util.Arrays.fill(values, start, start + inner, 0f);
        }
    }

    private static OnnxNode node(OnnxGraph graph, String label) {
        return graph.nodes().stream().filter(n -> n.label().equals(label)).findFirst().orElseThrow();
    }

    /** The model's logits for a batch of images, by ONNX Runtime on the CPU. */
    static float[] logits(OnnxModel model, float[] images, int batch) {
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            return session.run(images, batch).values();
        }
    }

    /** The largest |a - b| over two arrays of equal length. */
    static double maxDifference(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError(a.length + " values against " + b.length);
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
