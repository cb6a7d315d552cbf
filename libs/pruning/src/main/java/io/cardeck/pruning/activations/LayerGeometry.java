package io.cardeck.pruning.activations;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PrunableLayer;
import java.util.Arrays;

/**
 * How a layer's weight multiplies its input, in the terms of layer-wise pruning: output units, each
 * with a fan-in of input entries (an input row for Gemm and MatMul, an im2col patch for Conv), the
 * layer's bias if it has one, and where weight (unit, entry) sits in the ONNX initializer:
 * {@code [out, in]} for Gemm with transB = 1, {@code [in, out]} for Gemm with transB = 0 and for
 * MatMul, {@code [out, in / groups, kh, kw]} for Conv. The reference L-OBS code stores every
 * layer as {@code [in, out]}; here the layout is the model's own.
 */
public final class LayerGeometry {

    /** The ops whose weight a layer-wise method can reconstruct. */
    public enum Kind { GEMM, MATMUL, CONV }

    private final PrunableLayer layer;
    private final Kind kind;
    private final String input;
    private final int units;
    private final int fanIn;
    private final int groups;
    private final boolean unitMajor;
    private final String bias;
    private final int[] kernel;
    private final int[] strides;
    private final int[] dilations;
    private final int[] pads;
    private final String autoPad;

    private LayerGeometry(PrunableLayer layer, Kind kind, String input, int units, int fanIn, int groups, boolean unitMajor,
                          String bias, int[] kernel, int[] strides, int[] dilations, int[] pads, String autoPad) {
        this.layer = layer;
        this.kind = kind;
        this.input = input;
        this.units = units;
        this.fanIn = fanIn;
        this.groups = groups;
        this.unitMajor = unitMajor;
        this.bias = bias;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.pads = pads;
        this.autoPad = autoPad;
    }

    /**
     * @throws InvalidParameterException naming the layer when its op or attributes are not supported
     *     (Gemm with transA, a MatMul weight that is not 2-D, a Conv that is not 2-D)
     */
    public static LayerGeometry of(OnnxModel model, PrunableLayer layer) {
        OnnxGraph graph = model.graph();
        OnnxNode node = graph.nodes().stream().filter(n -> n.label().equals(layer.node())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(model.sourceName() + ": no node " + layer.node()));
        long[] dims = layer.weight().dims();
        String input = node.inputs().get(0);
        switch (node.opType()) {
            case "Gemm" -> {
                if (node.intAttribute("transA", 0) != 0) {
                    throw unsupported(layer, "Gemm with transA = 1");
                }
                boolean transB = node.intAttribute("transB", 0) != 0;
                int units = Math.toIntExact(transB ? dims[0] : dims[1]);
                int fanIn = Math.toIntExact(transB ? dims[1] : dims[0]);
                return new LayerGeometry(layer, Kind.GEMM, input, units, fanIn, 1, transB, bias(graph, node, units),
                        null, null, null, null, null);
            }
            case "MatMul" -> {
                if (dims.length != 2) {
                    throw unsupported(layer, "MatMul with a " + dims.length + "-D weight");
                }
                return new LayerGeometry(layer, Kind.MATMUL, input, Math.toIntExact(dims[1]), Math.toIntExact(dims[0]), 1,
                        false, null, null, null, null, null, null);
            }
            case "Conv" -> {
                if (dims.length != 4) {
                    throw unsupported(layer, "Conv with a " + dims.length + "-D weight (only 2-D convolutions)");
                }
                int units = Math.toIntExact(dims[0]);
                int groups = Math.toIntExact(node.intAttribute("group", 1));
                int[] kernel = {Math.toIntExact(dims[2]), Math.toIntExact(dims[3])};
                int[] strides = ints(node.intsAttribute("strides", new long[] {1, 1}));
                int[] dilations = ints(node.intsAttribute("dilations", new long[] {1, 1}));
                int[] pads = ints(node.intsAttribute("pads", new long[] {0, 0, 0, 0}));
                String autoPad = node.stringAttribute("auto_pad", "NOTSET");
                return new LayerGeometry(layer, Kind.CONV, input, units, Math.toIntExact(dims[1] * dims[2] * dims[3]), groups,
                        true, bias(graph, node, units), kernel, strides, dilations, pads, autoPad);
            }
            default -> throw unsupported(layer, node.opType());
        }
    }

    private static InvalidParameterException unsupported(PrunableLayer layer, String what) {
        return new InvalidParameterException("layer " + layer.node() + " is a " + what + "; layer-wise pruning handles"
                + " Gemm (transA = 0), MatMul with a 2-D weight and 2-D Conv; keep it dense with keepDense");
    }

    /** The bias a layer-wise update may adjust: a float initializer with one value per unit. */
    private static String bias(OnnxGraph graph, OnnxNode node, int units) {
        if (node.inputs().size() < 3 || node.inputs().get(2).isEmpty()) {
            return null;
        }
        String name = node.inputs().get(2);
        if (!graph.isInitializer(name) || graph.initializerType(name) != TensorProto.DataType.FLOAT_VALUE
                || graph.floatInitializer(name).data().length != units) {
            return null;
        }
        return name;
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    public PrunableLayer layer() {
        return layer;
    }

    public Kind kind() {
        return kind;
    }

    /** The value the layer multiplies: its first input. */
    public String input() {
        return input;
    }

    public int units() {
        return units;
    }

    /** Weights per unit: input entries, the bias not counted. */
    public int fanIn() {
        return fanIn;
    }

    public int groups() {
        return groups;
    }

    public int group(int unit) {
        return unit / (units / groups);
    }

    /** The bias initializer an update may adjust, or null. */
    public String bias() {
        return bias;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** Entries of a unit's input vector: the fan-in, and a 1 for the bias where there is one. */
    public int inputDimension() {
        return fanIn + (hasBias() ? 1 : 0);
    }

    /** Position in the initializer of the weight that unit {@code unit} gives input entry {@code entry}. */
    public int index(int unit, int entry) {
        return unitMajor ? unit * fanIn + entry : entry * units + unit;
    }

    /** The unit that weight {@code index} of the initializer belongs to. */
    public int unitOf(int index) {
        return unitMajor ? index / fanIn : index % units;
    }

    /** The input entry that weight {@code index} of the initializer multiplies. */
    public int entryOf(int index) {
        return unitMajor ? index % fanIn : index / units;
    }

    public int[] kernel() {
        return kernel.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public int[] dilations() {
        return dilations.clone();
    }

    /** Conv pads {@code [top, left, bottom, right]} for an input of {@code height x width}, auto_pad applied. */
    public int[] pads(int height, int width) {
        return switch (autoPad) {
            case "VALID" -> new int[] {0, 0, 0, 0};
            case "SAME_UPPER", "SAME_LOWER" -> {
                int[] sizes = {height, width};
                int[] result = new int[4];
                for (int axis = 0; axis < 2; axis++) {
                    int out = (sizes[axis] + strides[axis] - 1) / strides[axis];
                    int total = Math.max(0, (out - 1) * strides[axis] + dilations[axis] * (kernel[axis] - 1) + 1 - sizes[axis]);
                    int small = total / 2;
                    int large = total - small;
                    boolean upper = autoPad.equals("SAME_UPPER");
                    result[axis] = upper ? small : large;
                    result[axis + 2] = upper ? large : small;
                }
                yield result;
            }
            default -> pads.clone();
        };
    }

    /** Conv output {@code [height, width]} for an input of {@code height x width}. */
    public int[] outputSize(int height, int width) {
        int[] p = pads(height, width);
        return new int[] {
            (height + p[0] + p[2] - dilations[0] * (kernel[0] - 1) - 1) / strides[0] + 1,
            (width + p[1] + p[3] - dilations[1] * (kernel[1] - 1) - 1) / strides[1] + 1};
    }
}
