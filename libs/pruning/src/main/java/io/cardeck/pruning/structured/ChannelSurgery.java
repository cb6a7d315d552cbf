package io.cardeck.pruning.structured;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.PruningResults;
import io.cardeck.pruning.graph.BiasFold;
import io.cardeck.pruning.graph.DependencyGraph;
import io.cardeck.pruning.graph.TensorSlice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Removes chosen channels from a model physically: every initializer the dependency graph ties to
 * them loses the slices (filters, biases, BatchNorm entries, input channels, Gemm columns), depthwise
 * Convs get their new group count, and the shape annotations of the shrunk values go.
 *
 * <p>What a removed channel still contributed is folded into the bias of each layer that read it
 * (a bias is created where the layer had none): with its filters zeroed a channel is a constant map,
 * c = act(BN(conv bias)) carried through pooling and residual sums, and a layer reading it adds
 * c x (sum of its weights for that channel) to each output. This is exact for Gemm layers and Convs
 * without padding (LeNet-5's conv2 and classifier); for a padded Conv it is exact away from the
 * borders, where the zero padding would have replaced part of the constant (ResNet-20's 3x3 convs).
 * The lineage records, per layer, whether its fold was exact.
 */
public final class ChannelSurgery {

    private ChannelSurgery() {}

    /**
     * @param parameters the method's parameters as JSON values, for the lineage
     * @param recipe     further lineage entries of the method
     */
    public static PruningResult apply(ChannelSelection selection, String method, Map<String, Object> parameters,
                                      Map<String, Object> recipe, PruningContext context) {
        DependencyGraph dependencies = selection.graph();
        OnnxModel model = dependencies.model();
        OnnxGraph graph = model.graph();
        boolean[] removed = selection.removedChannels();
        ModelEditor editor = model.edit();
        Map<String, FloatTensor> changed = new LinkedHashMap<>();
        Set<String> added = new LinkedHashSet<>();
        List<Map<String, Object>> folding = new ArrayList<>();

        // Folds first: they read the original weights and add to biases still of full size.
        for (BiasFold fold : dependencies.folds()) {
            double[] contribution = contribution(graph, fold, removed);
            if (contribution == null) {
                continue;
            }
            FloatTensor bias = fold.bias() == null ? null : graph.floatInitializer(fold.bias());
            String name = fold.bias() == null ? freshName(graph, fold.node().label() + ".bias") : fold.bias();
            // A one-element Gemm C becomes one entry per unit, since each unit gets its own share.
            boolean resized = bias == null || bias.data().length != contribution.length;
            long[] dims = resized ? new long[] {contribution.length} : bias.dims();
            float[] values = new float[contribution.length];
            for (int o = 0; o < values.length; o++) {
                values[o] = (float) ((bias == null ? 0 : bias.data()[resized ? 0 : o]) + contribution[o]);
            }
            FloatTensor folded = new FloatTensor(name, dims, values);
            if (resized) {
                // The graph slices only biases that were already per unit: this one shrinks with the layer's outputs here.
                folded = folded.select(dims.length - 1, TensorSlice.keptIndices(fold.outputChannels(), removed));
            }
            changed.put(name, folded);
            if (bias == null) {
                added.add(name);
                editor.setNodeInput(fold.node().index(), 2, name);
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("layer", fold.node().label());
            entry.put("bias", name);
            entry.put("exact", fold.exactFor(removed));
            folding.add(entry);
        }

        Set<String> sliced = new HashSet<>();
        for (TensorSlice slice : dependencies.slices()) {
            // BatchNorm may read one initializer twice (e.g. zeros as both B and mean): slice it once.
            if (!slice.shrinks(removed) || !sliced.add(slice.initializer() + "@" + slice.axis())) {
                continue;
            }
            FloatTensor tensor = changed.getOrDefault(slice.initializer(), graph.floatInitializer(slice.initializer()));
            changed.put(slice.initializer(), tensor.select(slice.axis(), slice.kept(removed)));
        }
        changed.forEach((name, tensor) -> {
            if (added.contains(name)) {
                editor.addInitializer(tensor);
            } else {
                editor.resizeInitializer(tensor);
            }
        });
        for (DependencyGraph.DepthwiseConv depthwise : dependencies.depthwiseConvs()) {
            editor.setNodeAttribute(depthwise.node().index(), NodeAttribute.ofInt("group", depthwise.groupsAfter(removed)));
        }
        editor.removeValueInfo(dependencies.trackedValues());

        Map<String, Object> fullRecipe = new LinkedHashMap<>(recipe);
        fullRecipe.put("groups", selection.recipe());
        fullRecipe.put("folding", folding);
        context.progress().report(1, "removed " + selection.removedCount() + " channels from " + selection.choices().size()
                + " groups");
        return PruningResults.of(model, editor.build(), method, parameters, fullRecipe, context);
    }

    /**
     * What the removed channels add to each output of the fold's layer: per output unit, the sum over
     * removed input positions of constant x the layer's weights for that position (over the kernel for a
     * Conv, within the position's group), times the Gemm's alpha / beta; null when that is nothing.
     */
    static double[] contribution(OnnxGraph graph, BiasFold fold, boolean[] removed) {
        FloatTensor weight = graph.floatInitializer(fold.weight());
        float[] w = weight.data();
        long[] dims = weight.dims();
        int[] channels = fold.channels();
        float[] constants = fold.constants();
        boolean any = false;
        double[] contribution;
        if (fold.isConv()) {
            int units = Math.toIntExact(dims[0]);
            int perGroup = Math.toIntExact(dims[1]);
            int kernel = w.length / (units * perGroup);
            int unitsPerGroup = units / fold.groups();
            contribution = new double[units];
            for (int p = 0; p < channels.length; p++) {
                if (!removed[channels[p]] || constants[p] == 0f) {
                    continue;
                }
                any = true;
                int group = p / perGroup;
                int local = p % perGroup;
                for (int o = group * unitsPerGroup; o < (group + 1) * unitsPerGroup; o++) {
                    double sum = 0;
                    int start = (o * perGroup + local) * kernel;
                    for (int i = start; i < start + kernel; i++) {
                        sum += w[i];
                    }
                    contribution[o] += constants[p] * sum;
                }
            }
        } else {
            int units = Math.toIntExact(fold.transposed() ? dims[0] : dims[1]);
            int columns = Math.toIntExact(fold.transposed() ? dims[1] : dims[0]);
            contribution = new double[units];
            for (int p = 0; p < channels.length; p++) {
                if (!removed[channels[p]] || constants[p] == 0f) {
                    continue;
                }
                any = true;
                for (int o = 0; o < units; o++) {
                    float weightValue = fold.transposed() ? w[o * columns + p] : w[p * units + o];
                    contribution[o] += (double) fold.scale() * constants[p] * weightValue;
                }
            }
        }
        return any ? contribution : null;
    }


    /** {@code base}, or {@code base.1}, {@code base.2}... whichever no value of the graph has. */
    private static String freshName(OnnxGraph graph, String base) {
        Set<String> taken = new HashSet<>(graph.initializerNames());
        graph.nodes().forEach(n -> taken.addAll(n.outputs()));
        graph.inputs().forEach(i -> taken.add(i.name()));
        String name = base;
        for (int i = 1; taken.contains(name); i++) {
            name = base + "." + i;
        }
        return name;
    }
}
