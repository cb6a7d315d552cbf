package io.cardeck.pruning;

import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The weights of a model that unstructured pruning thins out: the second input of Conv, Gemm and
 * MatMul nodes when it is a float initializer. Biases and normalisation parameters are left alone,
 * as is usual (they are few and pruning them hurts more than it saves).
 */
public final class PrunableLayers {

    /** In a keep-dense list: the first Conv layer in graph order, if the model has one. */
    public static final String STEM = "stem";
    /** In a keep-dense list: the last prunable layer in graph order. */
    public static final String CLASSIFIER = "classifier";

    private static final Set<String> WEIGHTED_OPS = Set.of("Conv", "Gemm", "MatMul");

    private PrunableLayers() {}

    public static List<PrunableLayer> of(OnnxModel model) {
        OnnxGraph graph = model.graph();
        List<PrunableLayer> layers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (OnnxNode node : graph.nodes()) {
            if (!WEIGHTED_OPS.contains(node.opType()) || node.inputs().size() < 2) {
                continue;
            }
            String weight = node.inputs().get(1);
            if (graph.isInitializer(weight) && graph.initializerType(weight) == ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE
                    && seen.add(weight)) {
                layers.add(new PrunableLayer(node.label(), node.opType(), graph.floatInitializer(weight)));
            }
        }
        if (layers.isEmpty()) {
            throw new InvalidParameterException(model.sourceName() + " has no prunable weights (float initializers of Conv, Gemm or MatMul)");
        }
        return layers;
    }

    /**
     * The layers of {@code model} to prune: all but those {@code keepDense} names (node or weight
     * names, {@link #STEM}, {@link #CLASSIFIER}).
     *
     * @throws InvalidParameterException if a name matches no layer, or nothing is left to prune
     */
    public static List<PrunableLayer> pruned(OnnxModel model, List<String> keepDense) {
        Set<String> kept = named(model, keepDense, "keepDense").stream().map(PrunableLayer::name).collect(Collectors.toSet());
        List<PrunableLayer> pruned = of(model).stream().filter(l -> !kept.contains(l.name())).toList();
        if (pruned.isEmpty()) {
            throw new InvalidParameterException("keepDense " + keepDense + " keeps every layer of " + model.sourceName()
                    + " dense; nothing is left to prune");
        }
        return pruned;
    }

    /** The zero share of the weights of {@code layers} together. */
    public static double sparsity(List<PrunableLayer> layers) {
        long zeros = layers.stream().mapToLong(l -> l.size() - l.weight().nonZeros()).sum();
        return (double) zeros / layers.stream().mapToLong(PrunableLayer::size).sum();
    }

    /**
     * The layers to prune (as {@link #pruned}) when a method prunes them further to {@code target}:
     * refused when their zero share is not below it already.
     *
     * @throws InvalidParameterException naming the current sparsity and the targets accepted
     */
    public static List<PrunableLayer> prunedBelow(OnnxModel model, List<String> keepDense, double target, String method) {
        List<PrunableLayer> layers = pruned(model, keepDense);
        double current = sparsity(layers);
        if (current >= target) {
            throw new InvalidParameterException(String.format(java.util.Locale.ROOT, "%s: targetSparsity %s is not above the"
                    + " model's current sparsity %.4f of the pruned layers; accepted: a target in (%.4f, 1)", method, target,
                    current, current));
        }
        return layers;
    }

    /**
     * The layers of {@code model} that {@code names} name (node or weight names, {@link #STEM},
     * {@link #CLASSIFIER}), in graph order. {@link #STEM} names nothing in a model without Conv.
     *
     * @param parameter the request's parameter that holds the names, for the error message
     * @throws InvalidParameterException if a name matches no layer
     */
    public static List<PrunableLayer> named(OnnxModel model, List<String> names, String parameter) {
        List<PrunableLayer> all = of(model);
        Set<String> matched = new LinkedHashSet<>();
        for (String name : names) {
            List<PrunableLayer> matches = switch (name) {
                case STEM -> all.stream().filter(l -> l.op().equals("Conv")).limit(1).toList();
                case CLASSIFIER -> List.of(all.get(all.size() - 1));
                default -> all.stream().filter(l -> l.node().equals(name) || l.name().equals(name)).toList();
            };
            if (matches.isEmpty() && !name.equals(STEM)) {
                throw new InvalidParameterException(parameter + " names no layer: '" + name + "'; accepted: stem, classifier,"
                        + " or one of " + all.stream().map(PrunableLayer::node).collect(Collectors.joining(", ")));
            }
            matches.forEach(layer -> matched.add(layer.name()));
        }
        return all.stream().filter(l -> matched.contains(l.name())).toList();
    }
}
