package io.cardeck.onnx.count;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.ValueInfo;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameter, sparsity and compute counts of a model.
 *
 * <p>Parameters are the values of the FLOAT initializers (weights, biases, normalisation scales and
 * shifts) except BatchNormalization running statistics, which are state, not parameters (as
 * PyTorch counts them). Compute is the multiply-accumulates of Conv, Gemm and MatMul nodes for one sample
 * ({@code Cout * Cin/groups * kH * kW * Hout * Wout} for Conv, {@code M * K * N} for Gemm and
 * MatMul); other operators are not counted. Layer shapes come from one ONNX Runtime run on a zero
 * sample rather than hand-written shape inference, so any graph ONNX Runtime can run is measured.
 *
 * @param sampleShape input dims after the batch dim used for the count
 * @param parameters values in FLOAT initializers
 * @param nonZeroParameters those values that are not exactly zero
 * @param sparsity {@code 1 - nonZeroParameters / parameters}
 * @param macs multiply-accumulates per sample over all counted layers, zeros included
 * @param nonZeroMacs the multiply-accumulates with a non-zero weight: what a sparse kernel would
 *     compute (a layer's MACs times its weight's density; layers without a weight count in full)
 * @param layers one row per Conv, Gemm and MatMul node, in execution order
 */
public record ModelStatistics(List<Long> sampleShape, long parameters, long nonZeroParameters, double sparsity,
                              long macs, long nonZeroMacs, List<LayerStatistics> layers) {

    private static final Set<String> COUNTED_OPS = Set.of("Conv", "Gemm", "MatMul");

    public ModelStatistics {
        sampleShape = List.copyOf(sampleShape);
        layers = List.copyOf(layers);
    }

    /**
     * Counts {@code model} for inputs of shape {@code [1, sampleShape...]}.
     *
     * @param sampleShape input dims after the batch dim, e.g. {@code 1, 28, 28}; must agree with
     *     the sizes the model fixes and fills in the ones it leaves symbolic
     * @throws IllegalArgumentException if the model does not have one input or the shape does not fit it
     */
    public static ModelStatistics of(OnnxModel model, long... sampleShape) {
        OnnxGraph graph = model.graph();
        ValueInfo input = singleInput(model, graph, sampleShape);
        List<OnnxNode> counted = graph.topologicalOrder().stream()
                .filter(n -> COUNTED_OPS.contains(n.opType()) && (n.domain().isEmpty() || n.domain().equals("ai.onnx")))
                .toList();
        long[] inputShape = new long[sampleShape.length + 1];
        inputShape[0] = 1;
        System.arraycopy(sampleShape, 0, inputShape, 1, sampleShape.length);
        Shapes shapes = new Shapes(graph, input.name(), inputShape, probe(model, graph, input, inputShape, counted));

        List<LayerStatistics> layers = new ArrayList<>(counted.size());
        long totalMacs = 0;
        long nonZeroMacs = 0;
        for (OnnxNode node : counted) {
            LayerStatistics layer = layer(node, graph, macs(node, shapes));
            totalMacs += layer.macs();
            nonZeroMacs += layer.nonZeroMacs();
            layers.add(layer);
        }
        Set<String> runningStatistics = new HashSet<>();
        for (OnnxNode node : graph.nodes()) {
            if (node.opType().equals("BatchNormalization") && node.inputs().size() >= 5) {
                runningStatistics.add(node.inputs().get(3));
                runningStatistics.add(node.inputs().get(4));
            }
        }
        long parameters = 0;
        long nonZeros = 0;
        for (String name : graph.initializerNames()) {
            if (graph.initializerType(name) == TensorProto.DataType.FLOAT_VALUE && !runningStatistics.contains(name)) {
                FloatTensor tensor = graph.floatInitializer(name);
                parameters += tensor.data().length;
                nonZeros += tensor.nonZeros();
            }
        }
        return new ModelStatistics(Arrays.stream(sampleShape).boxed().toList(), parameters, nonZeros,
                sparsity(parameters, nonZeros), totalMacs, nonZeroMacs, layers);
    }

    private static ValueInfo singleInput(OnnxModel model, OnnxGraph graph, long[] sampleShape) {
        List<ValueInfo> inputs = graph.inputs();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(model.sourceName() + ": counting needs a model with one input, this one has "
                    + inputs.stream().map(ValueInfo::name).toList());
        }
        ValueInfo input = inputs.get(0);
        for (long dim : sampleShape) {
            if (dim < 1) {
                throw new IllegalArgumentException("sample shape " + Arrays.toString(sampleShape) + " must have positive dims");
            }
        }
        if (input.shapeKnown()) {
            long[] declared = input.dims();
            if (declared.length != sampleShape.length + 1) {
                throw new IllegalArgumentException(model.sourceName() + ": input '" + input.name() + "' has dims "
                        + Arrays.toString(declared) + "; sample shape " + Arrays.toString(sampleShape)
                        + " must give every dim after the batch dim");
            }
            for (int i = 1; i < declared.length; i++) {
                if (declared[i] != ValueInfo.UNKNOWN_DIM && declared[i] != sampleShape[i - 1]) {
                    throw new IllegalArgumentException(model.sourceName() + ": input '" + input.name() + "' fixes dim " + i
                            + " to " + declared[i] + " but the sample shape " + Arrays.toString(sampleShape) + " gives "
                            + sampleShape[i - 1]);
                }
            }
        }
        return input;
    }

    /** Runs a zero sample through a copy that outputs every computed operand the counts need. */
    private static Map<String, OutputTensor> probe(OnnxModel model, OnnxGraph graph, ValueInfo input, long[] inputShape,
                                                   List<OnnxNode> counted) {
        Set<String> needed = new LinkedHashSet<>();
        for (OnnxNode node : counted) {
            needed.add(node.outputs().get(0));
            // Conv needs its weight's dims; Gemm and MatMul need the shape of A for K.
            needed.add(node.opType().equals("Conv") ? node.inputs().get(1) : node.inputs().get(0));
        }
        needed.removeIf(v -> v.equals(input.name()) || graph.isInitializer(v));
        if (needed.isEmpty()) {
            return Map.of();
        }
        OnnxModel probe = withFixedInput(model.withExtraOutputs(needed), input.name(), inputShape);
        int sampleSize = 1;
        for (int i = 1; i < inputShape.length; i++) {
            sampleSize = Math.multiplyExact(sampleSize, Math.toIntExact(inputShape[i]));
        }
        SessionOptionsSpec spec = SessionOptionsSpec.cpu().withOptimization(SessionOptionsSpec.Optimization.BASIC);
        try (ModelSession session = InferenceSessions.open(probe, spec)) {
            return session.runAll(new float[sampleSize], 1, needed);
        }
    }

    private static OnnxModel withFixedInput(OnnxModel model, String inputName, long[] inputShape) {
        GraphProto.Builder graph = model.proto().getGraph().toBuilder();
        for (ValueInfoProto.Builder input : graph.getInputBuilderList()) {
            if (input.getName().equals(inputName)) {
                TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
                for (long dim : inputShape) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(dim));
                }
                input.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
            }
        }
        ModelProto fixed = model.proto().toBuilder().setGraph(graph).build();
        return OnnxModel.of(fixed, model.sourceName());
    }

    private static long macs(OnnxNode node, Shapes shapes) {
        long[] out = shapes.of(node.outputs().get(0));
        return switch (node.opType()) {
            case "Conv" -> {
                long spatial = product(Arrays.copyOfRange(out, 2, out.length));
                yield product(shapes.of(node.inputs().get(1))) * spatial;
            }
            case "Gemm" -> {
                long[] a = shapes.of(node.inputs().get(0));
                long k = node.intAttribute("transA", 0) != 0 ? a[0] : a[1];
                yield out[0] * out[1] * k;
            }
            default -> {
                long[] a = shapes.of(node.inputs().get(0));
                yield product(out) * a[a.length - 1];
            }
        };
    }

    private static LayerStatistics layer(OnnxNode node, OnnxGraph graph, long macs) {
        String weight = null;
        if (graph.isInitializer(node.inputs().get(1))) {
            weight = node.inputs().get(1);
        } else if (node.opType().equals("MatMul") && graph.isInitializer(node.inputs().get(0))) {
            weight = node.inputs().get(0);
        }
        if (weight == null || graph.initializerType(weight) != TensorProto.DataType.FLOAT_VALUE) {
            return new LayerStatistics(node.label(), node.opType(), null, 0, 0, 0, macs, macs);
        }
        FloatTensor tensor = graph.floatInitializer(weight);
        long parameters = tensor.data().length;
        long nonZeros = tensor.nonZeros();
        long nonZeroMacs = parameters == 0 ? 0 : Math.round((double) macs * nonZeros / parameters);
        return new LayerStatistics(node.label(), node.opType(), weight, parameters, nonZeros,
                sparsity(parameters, nonZeros), macs, nonZeroMacs);
    }

    private static double sparsity(long parameters, long nonZeros) {
        return parameters == 0 ? 0 : 1 - (double) nonZeros / parameters;
    }

    private static long product(long[] dims) {
        long result = 1;
        for (long dim : dims) {
            result = Math.multiplyExact(result, dim);
        }
        return result;
    }

    /** Shapes of values for batch 1: the input's, initializers' stored dims, everything else from the probe run. */
    private record Shapes(OnnxGraph graph, String inputName, long[] inputShape, Map<String, OutputTensor> computed) {

        long[] of(String value) {
            if (value.equals(inputName)) {
                return inputShape;
            }
            if (graph.isInitializer(value)) {
                return graph.initializer(value).getDimsList().stream().mapToLong(Long::longValue).toArray();
            }
            return computed.get(value).shape();
        }
    }
}
