package io.cardeck.zoo;

import io.cardeck.data.ImageShape;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a classifier as ONNX layer by layer, tracking shapes so each layer knows its fan-in.
 * Each node's output value has the node's name (the last one is {@link Architecture#OUTPUT});
 * parameters are named PyTorch-style: {@code <node>.weight}, {@code <node>.bias},
 * {@code <node>.running_mean}, {@code <node>.running_var}. Attributes are written out in full
 * so that op-by-op executors (the trainer) need no ONNX defaults.
 */
final class LayerGraph {

    static final float BATCH_NORM_EPSILON = 1e-5f;
    /** ONNX semantics: running = momentum * running + (1 - momentum) * batch (PyTorch's 0.1). */
    static final float BATCH_NORM_MOMENTUM = 0.9f;

    /** An NCHW value with its per-sample shape. */
    record FeatureMap(String value, int channels, int height, int width) {
    }

    /** A {@code [batch, size]} value. */
    record Features(String value, int size) {
    }

    private final GraphBuilder graph;
    private final KaimingNormal init;
    private final ArchitectureSpec spec;
    private final ModelMetadata metadata;
    private final FeatureMap normalisedInput;

    private LayerGraph(Architecture architecture, ArchitectureSpec spec, ModelMetadata metadata) {
        this.spec = spec;
        this.metadata = metadata;
        this.init = new KaimingNormal(spec.seed());
        ImageShape input = spec.input();
        int channels = input.channels();
        this.graph = GraphBuilder.named(architecture.name())
                .input(Architecture.INPUT, GraphBuilder.BATCH, channels, input.height(), input.width())
                // Constant nodes, not initializers: the normalisation is part of the architecture and no
                // trainer or pruner may treat it as a weight.
                .node("normalize.mean", "Constant", List.of(), "normalize.mean", NodeAttribute.ofTensor("value",
                        new FloatTensor("normalize.mean", new long[] {1, channels, 1, 1}, spec.normalisation().mean())))
                .node("normalize.std", "Constant", List.of(), "normalize.std", NodeAttribute.ofTensor("value",
                        new FloatTensor("normalize.std", new long[] {1, channels, 1, 1}, spec.normalisation().std())))
                .node("normalize.sub", "Sub", List.of(Architecture.INPUT, "normalize.mean"), "normalize.sub")
                .node("normalize.div", "Div", List.of("normalize.sub", "normalize.std"), "normalize.div");
        this.normalisedInput = new FeatureMap("normalize.div", channels, input.height(), input.width());
    }

    /**
     * Starts the graph of {@code architecture} for {@code spec}: the input and its normalisation.
     *
     * @throws IllegalArgumentException if the spec is for another architecture, the dataset name
     *     is blank or there is not one label per class
     */
    static LayerGraph start(Architecture architecture, ArchitectureSpec spec, String dataset, List<String> labels) {
        if (!architecture.name().equals(spec.architecture())) {
            throw new IllegalArgumentException("the spec is for " + spec.architecture() + ", not " + architecture.name());
        }
        if (dataset == null || dataset.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank (it is recorded in the model's metadata)");
        }
        if (labels == null || labels.size() != spec.classes() || labels.stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new IllegalArgumentException("expected " + spec.classes() + " non-blank class labels (one per class), got "
                    + labels);
        }
        ModelMetadata metadata = ModelMetadata.empty().withDataset(dataset).withLabels(labels)
                .withProperty(ArchitectureSpec.METADATA_KEY, spec.toJson());
        return new LayerGraph(architecture, spec, metadata);
    }

    /** The input after {@code (x - mean) / std}. */
    FeatureMap normalisedInput() {
        return normalisedInput;
    }

    FeatureMap conv(String name, FeatureMap x, int outChannels, int kernel, int stride, int pad, boolean bias) {
        int fanIn = size(name, x.channels(), kernel, kernel);
        graph.initializer(name + ".weight", new long[] {outChannels, x.channels(), kernel, kernel},
                init.weights(size(name, outChannels, fanIn), fanIn));
        List<String> inputs = bias ? List.of(x.value(), name + ".weight", name + ".bias") : List.of(x.value(), name + ".weight");
        if (bias) {
            graph.initializer(name + ".bias", new long[] {outChannels}, new float[outChannels]);
        }
        graph.node(name, "Conv", inputs, name,
                NodeAttribute.ofInts("kernel_shape", kernel, kernel),
                NodeAttribute.ofInts("strides", stride, stride),
                NodeAttribute.ofInts("pads", pad, pad, pad, pad),
                NodeAttribute.ofInts("dilations", 1, 1),
                NodeAttribute.ofInt("group", 1));
        return new FeatureMap(name, outChannels, outputSide(name, x.height(), kernel, stride, pad),
                outputSide(name, x.width(), kernel, stride, pad));
    }

    /** Inference-ready batch norm with the initial statistics: scale 1, shift 0, mean 0, variance 1. */
    FeatureMap batchNorm(String name, FeatureMap x) {
        int channels = x.channels();
        float[] ones = new float[channels];
        Arrays.fill(ones, 1f);
        graph.initializer(name + ".weight", new long[] {channels}, ones)
                .initializer(name + ".bias", new long[] {channels}, new float[channels])
                .initializer(name + ".running_mean", new long[] {channels}, new float[channels])
                .initializer(name + ".running_var", new long[] {channels}, ones.clone())
                .node(name, "BatchNormalization", List.of(x.value(), name + ".weight", name + ".bias",
                                name + ".running_mean", name + ".running_var"), name,
                        NodeAttribute.ofFloat("epsilon", BATCH_NORM_EPSILON),
                        NodeAttribute.ofFloat("momentum", BATCH_NORM_MOMENTUM));
        return new FeatureMap(name, channels, x.height(), x.width());
    }

    FeatureMap relu(String name, FeatureMap x) {
        graph.node(name, "Relu", List.of(x.value()), name);
        return new FeatureMap(name, x.channels(), x.height(), x.width());
    }

    Features relu(String name, Features x) {
        graph.node(name, "Relu", List.of(x.value()), name);
        return new Features(name, x.size());
    }

    /** 2x2 max pooling with stride 2; an odd last row or column is dropped. */
    FeatureMap maxPool(String name, FeatureMap x) {
        graph.node(name, "MaxPool", List.of(x.value()), name,
                NodeAttribute.ofInts("kernel_shape", 2, 2),
                NodeAttribute.ofInts("strides", 2, 2),
                NodeAttribute.ofInts("pads", 0, 0, 0, 0));
        return new FeatureMap(name, x.channels(), outputSide(name, x.height(), 2, 2, 0), outputSide(name, x.width(), 2, 2, 0));
    }

    FeatureMap add(String name, FeatureMap a, FeatureMap b) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
            throw new IllegalStateException(name + " adds " + a + " and " + b + " of different shapes");
        }
        graph.node(name, "Add", List.of(a.value(), b.value()), name);
        return new FeatureMap(name, a.channels(), a.height(), a.width());
    }

    FeatureMap globalAveragePool(String name, FeatureMap x) {
        graph.node(name, "GlobalAveragePool", List.of(x.value()), name);
        return new FeatureMap(name, x.channels(), 1, 1);
    }

    Features flatten(String name, FeatureMap x) {
        graph.node(name, "Flatten", List.of(x.value()), name, NodeAttribute.ofInt("axis", 1));
        return new Features(name, size(name, x.channels(), x.height(), x.width()));
    }

    /** A fully connected layer: Gemm with a PyTorch-layout weight {@code [out, in]} (transB = 1). */
    Features dense(String name, Features x, int outputs) {
        gemm(name, x, outputs, name);
        return new Features(name, outputs);
    }

    /** Ends the graph with a dense layer onto the classes, named {@link Architecture#OUTPUT}. */
    OnnxModel logits(String name, Features x) {
        gemm(name, x, spec.classes(), Architecture.OUTPUT);
        return graph.output(Architecture.OUTPUT, GraphBuilder.BATCH, spec.classes()).build().withMetadata(metadata);
    }

    private void gemm(String name, Features x, int outputs, String output) {
        graph.initializer(name + ".weight", new long[] {outputs, x.size()}, init.weights(size(name, outputs, x.size()), x.size()))
                .initializer(name + ".bias", new long[] {outputs}, new float[outputs])
                .node(name, "Gemm", List.of(x.value(), name + ".weight", name + ".bias"), output,
                        NodeAttribute.ofFloat("alpha", 1f),
                        NodeAttribute.ofFloat("beta", 1f),
                        NodeAttribute.ofInt("transA", 0),
                        NodeAttribute.ofInt("transB", 1));
    }

    private static int outputSide(String layer, int side, int kernel, int stride, int pad) {
        if (side + 2 * pad < kernel) {
            // Specs reject inputs below the architecture's minimumSide, so reaching this is a bug in one.
            throw new IllegalStateException(layer + " gets a side of " + side + ", smaller than its kernel " + kernel);
        }
        return (side + 2 * pad - kernel) / stride + 1;
    }

    /** The product of {@code dims}, checked to fit one Java array. */
    private static int size(String layer, int... dims) {
        long product = 1;
        for (int dim : dims) {
            product *= dim;
            if (product > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(layer + " would need more than 2^31 values " + Arrays.toString(dims)
                        + "; use a smaller input or width");
            }
        }
        return (int) product;
    }
}
