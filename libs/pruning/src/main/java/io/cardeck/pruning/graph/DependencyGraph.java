package io.cardeck.pruning.graph;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.ValueInfo;
import io.cardeck.pruning.graph.TensorSlice.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Which channels of an ONNX graph must be removed together (Torch-Pruning's dependency graph), found
 * by following every channel a Conv or Gemm produces through the graph to the layers that read it.
 *
 * <p>Each output channel of a Conv (and each output unit of a Gemm) is a slot. Following a value
 * downstream, ops either keep its channels (BatchNormalization, activations, pooling, Identity,
 * Dropout), lay them side by side (Concat on axis 1), spread each over columns (Flatten into a Gemm:
 * channel c becomes columns c*HW to (c+1)*HW - 1), or tie two values' channels position by position
 * (Add, Sub, Mul, Div of two such values: a residual sum ties the block's output to its shortcut).
 * Slots tied together are one coupled channel; coupled channels made by the same layers form a
 * {@link ChannelGroup}. A grouped Conv ties the channels at the same position of each of its groups,
 * so that every group keeps the same size; a depthwise Conv carries its input channels through.
 * Channels that reach a graph output are pinned and never removed.
 *
 * <p>A graph is refused with {@link UnsupportedGraphException}, naming the node, as soon as a tracked
 * channel reaches an op the graph cannot follow exactly (Reshape, Transpose, MatMul, a Concat on
 * another axis, a broadcast over channels, a subgraph...), or an initializer to be sliced is shared:
 * a model is pruned completely or not at all. Building the graph reads only the graph and a few
 * small initializers (biases, BatchNorm parameters), so it is the cheap check at request time.
 *
 * <p>For folding, the graph also carries, for every position of every tracked value, the constant it
 * would hold if its channel's filters were zeroed ({@link BiasFold}).
 */
public final class DependencyGraph {

    private static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "Elu",
            "HardSigmoid", "HardSwish", "Softplus", "Identity", "Dropout");
    private static final Set<String> POOLS = Set.of("MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool");
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div");
    private static final String FOLLOWED = "Conv, Gemm, BatchNormalization, " + String.join(", ", new TreeSet<>(ACTIVATIONS))
            + ", " + String.join(", ", new TreeSet<>(POOLS)) + ", Add, Sub, Mul, Div, Concat (axis 1), Flatten (into Gemm)";

    private final OnnxModel model;
    private final int channelCount;
    private final boolean[] pinned;
    private final List<ChannelGroup> groups;
    private final List<TensorSlice> slices;
    private final List<BiasFold> folds;
    private final List<DepthwiseConv> depthwise;
    private final Set<String> trackedValues;

    /** A depthwise Conv whose group count follows the channels it carries. */
    public record DepthwiseConv(OnnxNode node, int[] inputChannels) {

        public DepthwiseConv {
            inputChannels = inputChannels.clone();
        }

        /** Its group count once the channels marked in {@code removed} are gone. */
        public int groupsAfter(boolean[] removed) {
            return TensorSlice.keptIndices(inputChannels, removed).length;
        }
    }

    private DependencyGraph(OnnxModel model, int channelCount, boolean[] pinned, List<ChannelGroup> groups,
                            List<TensorSlice> slices, List<BiasFold> folds, List<DepthwiseConv> depthwise,
                            Set<String> trackedValues) {
        this.model = model;
        this.channelCount = channelCount;
        this.pinned = pinned;
        this.groups = List.copyOf(groups);
        this.slices = List.copyOf(slices);
        this.folds = List.copyOf(folds);
        this.depthwise = List.copyOf(depthwise);
        this.trackedValues = Set.copyOf(trackedValues);
    }

    /**
     * Traces the channels of {@code model}.
     *
     * @throws UnsupportedGraphException naming the first node that channels reach and that structured
     *     pruning cannot follow exactly
     */
    public static DependencyGraph of(OnnxModel model) {
        return new Trace(model).build();
    }

    public OnnxModel model() {
        return model;
    }

    /** The groups that can be pruned (channels not pinned by a graph output), in graph order. */
    public List<ChannelGroup> groups() {
        return groups;
    }

    /** How many coupled channels the graph has, pinned ones included: the size of a removal mask. */
    public int channelCount() {
        return channelCount;
    }

    /** Whether a coupled channel reaches a graph output and so can never be removed. */
    public boolean pinned(int channel) {
        return pinned[channel];
    }

    /** Every initializer that shrinks with some channel, and how. */
    public List<TensorSlice> slices() {
        return slices;
    }

    /** Every layer that reads tracked channels, with what removed channels would still contribute to it. */
    public List<BiasFold> folds() {
        return folds;
    }

    public List<DepthwiseConv> depthwiseConvs() {
        return depthwise;
    }

    /** The values whose channel count shrinks with some channel (their shape annotations go stale). */
    public Set<String> trackedValues() {
        return trackedValues;
    }

    /** Follows the channels through the graph node by node, in topological order. */
    private static final class Trace {

        private final OnnxModel model;
        private final OnnxGraph graph;
        private final String source;
        private int[] parent = new int[256];
        private int[] slotNode = new int[256];
        private int[] slotPosition = new int[256];
        private int slotCount;
        private final Map<String, Channels> values = new HashMap<>();
        private final List<SliceDraft> slices = new ArrayList<>();
        private final List<FoldDraft> folds = new ArrayList<>();
        private final List<DepthwiseDraft> depthwise = new ArrayList<>();
        private final Set<Integer> pinnedSlots = new LinkedHashSet<>();
        private final Map<Integer, FilterDraft> filters = new LinkedHashMap<>();
        private final Map<Integer, OnnxNode> nodes = new HashMap<>();

        /** A tracked value: per position along axis 1, its slot, its constant if removed, and whether that is exact. */
        private record Channels(int[] slots, int rank, float[] constants, boolean[] exact) {
            int size() {
                return slots.length;
            }
        }

        private record SliceDraft(OnnxNode node, String initializer, int axis, int[] slots, Role role) {}

        private record FoldDraft(OnnxNode node, String weight, String bias, Channels input, boolean padded, int groups,
                                 int[] outputSlots, float scale, boolean transposed) {}

        private record DepthwiseDraft(OnnxNode node, int[] inputSlots) {}

        private record FilterDraft(OnnxNode node, String weight, int axis) {}

        Trace(OnnxModel model) {
            this.model = model;
            this.graph = model.graph();
            this.source = model.sourceName();
        }

        DependencyGraph build() {
            for (OnnxNode node : graph.topologicalOrder()) {
                nodes.put(node.index(), node);
                if (hasSubgraph(node)) {
                    throw refuse(node, "holds a subgraph; structured pruning does not follow channels into subgraphs");
                }
                boolean reads = node.inputs().stream().anyMatch(values::containsKey);
                boolean standard = node.domain().isEmpty() || node.domain().equals("ai.onnx");
                if (!reads) {
                    // A layer on untracked values (the model's input) starts new channels; anything else stays untracked.
                    if (standard && node.opType().equals("Conv")) {
                        conv(node, null);
                    } else if (standard && node.opType().equals("Gemm")) {
                        gemm(node, null);
                    }
                    continue;
                }
                if (!standard) {
                    throw refuse(node, "of domain '" + node.domain() + "' reads pruned channels; structured pruning follows "
                            + FOLLOWED);
                }
                String op = node.opType();
                if (op.equals("Conv")) {
                    conv(node, dataInput(node));
                } else if (op.equals("Gemm")) {
                    gemm(node, dataInput(node));
                } else if (op.equals("BatchNormalization")) {
                    batchNorm(node);
                } else if (ACTIVATIONS.contains(op)) {
                    activation(node);
                } else if (POOLS.contains(op)) {
                    pool(node);
                } else if (ELEMENTWISE.contains(op)) {
                    elementwise(node);
                } else if (op.equals("Concat")) {
                    concat(node);
                } else if (op.equals("Flatten")) {
                    flatten(node);
                } else {
                    throw refuse(node, "reads pruned channels, and structured pruning cannot follow channels through "
                            + op + "; it follows " + FOLLOWED);
                }
            }
            for (ValueInfo output : graph.outputs()) {
                Channels channels = values.get(output.name());
                if (channels != null) {
                    Arrays.stream(channels.slots()).forEach(pinnedSlots::add);
                }
            }
            checkNotShared();
            return resolve();
        }

        // ---- ops ----

        private void conv(OnnxNode node, Channels in) {
            String weight = input(node, 1);
            String bias = input(node, 2);
            if (weight == null || !isFloatInitializer(weight) || (bias != null && !isFloatInitializer(bias))) {
                if (in == null) {
                    return;
                }
                throw refuse(node, "has a weight or bias that is not a float initializer; its filters cannot be sliced");
            }
            long[] dims = dims(weight);
            int outputs = Math.toIntExact(dims[0]);
            int group = Math.toIntExact(node.intAttribute("group", 1));
            boolean padded = padded(node);
            if (in == null) {
                if (group == 1) {
                    produce(node, weight, 0, bias, 0, outputs, dims.length, biasConstants(bias, outputs, 1f));
                }
                // A grouped Conv on the model's input ties its filters to input channels, which always stay.
                return;
            }
            int inputs = in.size();
            if (dims[1] * group != inputs) {
                throw refuse(node, "has " + dims[1] + " input channels per group x " + group + " groups, but its input has "
                        + inputs + " channels");
            }
            if (group == 1) {
                slices.add(new SliceDraft(node, weight, 1, in.slots(), Role.INPUTS));
                int[] out = produce(node, weight, 0, bias, 0, outputs, dims.length, biasConstants(bias, outputs, 1f));
                folds.add(new FoldDraft(node, weight, bias, in, padded, 1, out, 1f, false));
            } else if (group == inputs && outputs % inputs == 0) {
                depthwiseConv(node, in, weight, bias, outputs, padded);
            } else {
                // Every group must keep the same size: position j of each group goes or stays together.
                int perGroup = inputs / group;
                for (int k = 1; k < group; k++) {
                    for (int j = 0; j < perGroup; j++) {
                        union(in.slots()[k * perGroup + j], in.slots()[j]);
                    }
                }
                slices.add(new SliceDraft(node, weight, 1, Arrays.copyOf(in.slots(), perGroup), Role.INPUTS));
                int[] out = produce(node, weight, 0, bias, 0, outputs, dims.length, biasConstants(bias, outputs, 1f));
                int outPerGroup = outputs / group;
                for (int k = 1; k < group; k++) {
                    for (int j = 0; j < outPerGroup; j++) {
                        union(out[k * outPerGroup + j], out[j]);
                    }
                }
                folds.add(new FoldDraft(node, weight, bias, in, padded, group, out, 1f, false));
            }
        }

        /** Output channel o of a depthwise Conv with multiplier m filters input channel o / m alone. */
        private void depthwiseConv(OnnxNode node, Channels in, String weight, String bias, int outputs, boolean padded) {
            int multiplier = outputs / in.size();
            float[] w = graph.floatInitializer(weight).data();
            int kernel = w.length / outputs;
            float[] b = bias == null ? new float[outputs] : graph.floatInitializer(bias).data();
            int[] slots = new int[outputs];
            float[] constants = new float[outputs];
            boolean[] exact = new boolean[outputs];
            for (int o = 0; o < outputs; o++) {
                int c = o / multiplier;
                double sum = 0;
                for (int i = 0; i < kernel; i++) {
                    sum += w[o * kernel + i];
                }
                float a = in.constants()[c];
                slots[o] = in.slots()[c];
                constants[o] = (float) (a * sum + b[o]);
                exact[o] = in.exact()[c] && (!padded || a == 0f);
            }
            slices.add(new SliceDraft(node, weight, 0, slots, Role.PER_CHANNEL));
            if (bias != null) {
                slices.add(new SliceDraft(node, bias, 0, slots, Role.PER_CHANNEL));
            }
            depthwise.add(new DepthwiseDraft(node, in.slots()));
            values.put(node.outputs().get(0), new Channels(slots, in.rank(), constants, exact));
        }

        private void gemm(OnnxNode node, Channels in) {
            String weight = input(node, 1);
            String bias = input(node, 2);
            boolean transA = node.intAttribute("transA", 0) != 0;
            if (weight == null || !isFloatInitializer(weight) || dims(weight).length != 2 || transA
                    || (bias != null && !isFloatInitializer(bias))) {
                if (in == null) {
                    return;
                }
                throw refuse(node, "must multiply its input (transA = 0) by a 2-D float initializer and add a float"
                        + " initializer C, so that its columns and units can be sliced");
            }
            boolean transB = node.intAttribute("transB", 0) != 0;
            long[] dims = dims(weight);
            int units = Math.toIntExact(transB ? dims[0] : dims[1]);
            int columns = Math.toIntExact(transB ? dims[1] : dims[0]);
            float alpha = node.floatAttribute("alpha", 1f);
            float beta = node.floatAttribute("beta", 1f);
            int biasAxis = -1;
            if (bias != null) {
                long[] biasDims = dims(bias);
                long count = Arrays.stream(biasDims).reduce(1, Math::multiplyExact);
                if (count == units && (biasDims.length == 1 || (biasDims.length == 2 && biasDims[0] == 1))) {
                    biasAxis = biasDims.length - 1;
                } else if (count != 1) {
                    if (in == null) {
                        return;
                    }
                    throw refuse(node, "adds a C of dims " + Arrays.toString(biasDims) + "; structured pruning slices a C of ["
                            + units + "] or [1, " + units + "] and keeps a one-element C");
                }
            }
            if (in != null) {
                if (in.size() != columns) {
                    throw refuse(node, "reads " + columns + " columns, but its input carries " + in.size()
                            + " channels (a Gemm reads a [batch, features] value; flatten maps first)");
                }
                if (beta == 0f) {
                    throw refuse(node, "has beta = 0, so what removed channels contribute cannot be folded into its C");
                }
                slices.add(new SliceDraft(node, weight, transB ? 1 : 0, in.slots(), Role.INPUTS));
            }
            int[] out = produce(node, weight, transB ? 0 : 1, biasAxis < 0 ? null : bias, Math.max(biasAxis, 0), units, 2,
                    biasConstants(bias, units, beta));
            if (in != null) {
                folds.add(new FoldDraft(node, weight, bias, in, false, 1, out, alpha / beta, transB));
            }
        }

        private void batchNorm(OnnxNode node) {
            Channels in = dataInput(node);
            float[][] parameters = new float[4][];
            for (int i = 1; i <= 4; i++) {
                String name = input(node, i);
                if (name == null || !isFloatInitializer(name) || graph.floatInitializer(name).data().length != in.size()) {
                    throw refuse(node, "needs its scale, B, mean and var as float initializers of " + in.size() + " values");
                }
                parameters[i - 1] = graph.floatInitializer(name).data();
            }
            if (node.outputs().stream().skip(1).anyMatch(o -> !o.isEmpty()) || node.intAttribute("training_mode", 0) != 0) {
                throw refuse(node, "runs in training mode; structured pruning works on inference graphs");
            }
            float epsilon = node.floatAttribute("epsilon", 1e-5f);
            float[] constants = new float[in.size()];
            for (int c = 0; c < constants.length; c++) {
                float normalised = (in.constants()[c] - parameters[2][c]) / (float) Math.sqrt(parameters[3][c] + epsilon);
                constants[c] = normalised * parameters[0][c] + parameters[1][c];
            }
            for (int i = 1; i <= 4; i++) {
                slices.add(new SliceDraft(node, input(node, i), 0, in.slots(), Role.PER_CHANNEL));
            }
            values.put(node.outputs().get(0), new Channels(in.slots(), in.rank(), constants, in.exact()));
        }

        private void activation(OnnxNode node) {
            Channels in = dataInput(node);
            refuseUsedSecondOutput(node, "a mask");
            DoubleUnaryOperator function = activationFunction(node);
            float[] constants = new float[in.size()];
            for (int c = 0; c < constants.length; c++) {
                constants[c] = (float) function.applyAsDouble(in.constants()[c]);
            }
            values.put(node.outputs().get(0), new Channels(in.slots(), in.rank(), constants, in.exact()));
        }

        private DoubleUnaryOperator activationFunction(OnnxNode node) {
            return switch (node.opType()) {
                case "Relu" -> a -> Math.max(0, a);
                case "LeakyRelu" -> {
                    float alpha = node.floatAttribute("alpha", 0.01f);
                    yield a -> a >= 0 ? a : alpha * a;
                }
                case "Sigmoid" -> a -> 1 / (1 + Math.exp(-a));
                case "Tanh" -> Math::tanh;
                case "Elu" -> {
                    float alpha = node.floatAttribute("alpha", 1f);
                    yield a -> a > 0 ? a : alpha * (Math.exp(a) - 1);
                }
                case "HardSigmoid" -> {
                    float alpha = node.floatAttribute("alpha", 0.2f);
                    float beta = node.floatAttribute("beta", 0.5f);
                    yield a -> Math.max(0, Math.min(1, alpha * a + beta));
                }
                case "HardSwish" -> a -> a * Math.max(0, Math.min(1, a / 6 + 0.5));
                case "Softplus" -> a -> Math.log1p(Math.exp(a));
                case "Clip" -> {
                    double low = clipBound(node, 1, "min", Float.NEGATIVE_INFINITY);
                    double high = clipBound(node, 2, "max", Float.POSITIVE_INFINITY);
                    yield a -> Math.min(Math.max(a, low), high);
                }
                default -> a -> a; // Identity, and Dropout at inference
            };
        }

        /** Clip's bound: a one-element constant input (opset 11+) or the attribute of older opsets. */
        private double clipBound(OnnxNode node, int position, String attribute, float fallback) {
            String name = input(node, position);
            if (name == null) {
                return node.floatAttribute(attribute, fallback);
            }
            float[] value = constant(name).map(FloatTensor::data).orElse(null);
            if (value == null || value.length != 1) {
                throw refuse(node, "has a " + attribute + " that is not a one-element constant");
            }
            return value[0];
        }

        private void pool(OnnxNode node) {
            Channels in = dataInput(node);
            refuseUsedSecondOutput(node, "indices");
            boolean[] exact = in.exact();
            boolean countsPadding = node.intAttribute("count_include_pad", 0) != 0
                    && (padded(node) || node.intAttribute("ceil_mode", 0) != 0);
            if (node.opType().equals("AveragePool") && countsPadding) {
                // A constant map averaged with zero padding is no longer constant at the borders.
                exact = new boolean[in.size()];
            }
            values.put(node.outputs().get(0), new Channels(in.slots(), in.rank(), in.constants(), exact));
        }

        private void elementwise(OnnxNode node) {
            String left = input(node, 0);
            String right = input(node, 1);
            Channels a = values.get(left);
            Channels b = values.get(right);
            DoubleBinaryOperator op = switch (node.opType()) {
                case "Add" -> Double::sum;
                case "Sub" -> (x, y) -> x - y;
                case "Mul" -> (x, y) -> x * y;
                default -> (x, y) -> x / y;
            };
            int size = (a != null ? a : b).size();
            float[] constants = new float[size];
            if (a != null && b != null) {
                if (a.size() != b.size() || a.rank() != b.rank()) {
                    throw refuse(node, "combines values of " + a.size() + " and " + b.size() + " channels (ranks " + a.rank()
                            + " and " + b.rank() + "); structured pruning follows element-wise ops between values of the same"
                            + " channels");
                }
                boolean[] exact = new boolean[size];
                for (int c = 0; c < size; c++) {
                    union(a.slots()[c], b.slots()[c]);
                    constants[c] = (float) op.applyAsDouble(a.constants()[c], b.constants()[c]);
                    exact[c] = a.exact()[c] && b.exact()[c];
                }
                values.put(node.outputs().get(0), new Channels(a.slots(), a.rank(), constants, exact));
                return;
            }
            Channels tracked = a != null ? a : b;
            String other = a != null ? right : left;
            FloatTensor scalar = constant(other).orElse(null);
            if (scalar == null || scalar.data().length != 1 || scalar.dims().length > tracked.rank()) {
                throw refuse(node, "combines pruned channels with '" + other + "', which is not a one-element constant;"
                        + " structured pruning cannot slice a per-channel or computed operand");
            }
            float s = scalar.data()[0];
            for (int c = 0; c < size; c++) {
                constants[c] = (float) (a != null ? op.applyAsDouble(tracked.constants()[c], s)
                        : op.applyAsDouble(s, tracked.constants()[c]));
            }
            values.put(node.outputs().get(0), new Channels(tracked.slots(), tracked.rank(), constants, tracked.exact()));
        }

        private void concat(OnnxNode node) {
            List<Channels> parts = new ArrayList<>();
            for (String input : node.inputs()) {
                Channels part = values.get(input);
                if (part == null) {
                    throw refuse(node, "concatenates pruned channels with '" + input + "', whose channels structured pruning"
                            + " does not track (the model's input or a value of an op it does not follow)");
                }
                parts.add(part);
            }
            int rank = parts.get(0).rank();
            long axis = node.intAttribute("axis", 1);
            if (parts.stream().anyMatch(p -> p.rank() != rank) || (axis < 0 ? axis + rank : axis) != 1) {
                throw refuse(node, "concatenates along axis " + axis + "; structured pruning follows concatenation of"
                        + " channels (axis 1) of values of one rank");
            }
            int size = parts.stream().mapToInt(Channels::size).sum();
            int[] slots = new int[size];
            float[] constants = new float[size];
            boolean[] exact = new boolean[size];
            int at = 0;
            for (Channels part : parts) {
                System.arraycopy(part.slots(), 0, slots, at, part.size());
                System.arraycopy(part.constants(), 0, constants, at, part.size());
                System.arraycopy(part.exact(), 0, exact, at, part.size());
                at += part.size();
            }
            values.put(node.outputs().get(0), new Channels(slots, rank, constants, exact));
        }

        /** Flatten's columns: each channel becomes H*W consecutive columns, H*W read off the Gemm that reads them. */
        private void flatten(OnnxNode node) {
            Channels in = dataInput(node);
            long axis = node.intAttribute("axis", 1);
            if ((axis < 0 ? axis + in.rank() : axis) != 1) {
                throw refuse(node, "flattens from axis " + axis + "; structured pruning follows a Flatten from axis 1,"
                        + " which keeps each channel's values together");
            }
            String out = node.outputs().get(0);
            if (in.rank() == 2) {
                values.put(out, in);
                return;
            }
            boolean isOutput = graph.outputs().stream().anyMatch(o -> o.name().equals(out));
            Set<Long> columns = new TreeSet<>();
            for (OnnxNode consumer : graph.consumers(out)) {
                String weight = input(consumer, 1);
                if (!consumer.opType().equals("Gemm") || !out.equals(input(consumer, 0)) || weight == null
                        || !isFloatInitializer(weight) || dims(weight).length != 2) {
                    throw refuse(node, "feeds '" + consumer.label() + "' (" + consumer.opType() + "); structured pruning"
                            + " follows a Flatten of feature maps only into Gemm layers, whose weight says how many columns"
                            + " each channel becomes");
                }
                long[] dims = dims(weight);
                columns.add(consumer.intAttribute("transB", 0) != 0 ? dims[1] : dims[0]);
            }
            if (isOutput || columns.isEmpty()) {
                Arrays.stream(in.slots()).forEach(pinnedSlots::add);
                return;
            }
            long width = columns.iterator().next();
            if (columns.size() != 1 || width % in.size() != 0) {
                throw refuse(node, "feeds Gemm layers reading " + columns + " columns, which is not one whole number of"
                        + " columns for each of its " + in.size() + " channels");
            }
            int perChannel = Math.toIntExact(width / in.size());
            int size = Math.toIntExact(width);
            int[] slots = new int[size];
            float[] constants = new float[size];
            boolean[] exact = new boolean[size];
            for (int i = 0; i < size; i++) {
                int c = i / perChannel;
                slots[i] = in.slots()[c];
                constants[i] = in.constants()[c];
                exact[i] = in.exact()[c];
            }
            values.put(out, new Channels(slots, 2, constants, exact));
        }

        // ---- helpers ----

        /** New slots for the filters of a layer: the value it outputs carries them. */
        private int[] produce(OnnxNode node, String weight, int axis, String bias, int biasAxis, int count, int rank,
                              float[] constants) {
            int[] slots = new int[count];
            for (int i = 0; i < count; i++) {
                slots[i] = newSlot(node.index(), i);
            }
            filters.put(node.index(), new FilterDraft(node, weight, axis));
            slices.add(new SliceDraft(node, weight, axis, slots, Role.FILTERS));
            if (bias != null) {
                slices.add(new SliceDraft(node, bias, biasAxis, slots, Role.FILTERS));
            }
            boolean[] exact = new boolean[count];
            Arrays.fill(exact, true);
            values.put(node.outputs().get(0), new Channels(slots, rank, constants, exact));
            return slots;
        }

        /** What a layer outputs for a filter of zeros: its bias (times Gemm's beta), or zero. */
        private float[] biasConstants(String bias, int count, float scale) {
            float[] constants = new float[count];
            if (bias != null) {
                float[] values = graph.floatInitializer(bias).data();
                for (int i = 0; i < count; i++) {
                    constants[i] = scale * values[values.length == 1 ? 0 : i];
                }
            }
            return constants;
        }

        /** The tracked data input (input 0) of an op that reads no other tracked value. */
        private Channels dataInput(OnnxNode node) {
            for (int i = 1; i < node.inputs().size(); i++) {
                if (values.containsKey(node.inputs().get(i))) {
                    throw refuse(node, "reads pruned channels as input " + i + " ('" + node.inputs().get(i)
                            + "'), where it expects weights or settings");
                }
            }
            return values.get(node.inputs().get(0));
        }

        private void refuseUsedSecondOutput(OnnxNode node, String what) {
            if (node.outputs().size() > 1) {
                String second = node.outputs().get(1);
                boolean used = !second.isEmpty() && (!graph.consumers(second).isEmpty()
                        || graph.outputs().stream().anyMatch(o -> o.name().equals(second)));
                if (used) {
                    throw refuse(node, "outputs " + what + " ('" + second + "') that is used; structured pruning follows"
                            + " only its first output");
                }
            }
        }

        private static boolean padded(OnnxNode node) {
            String autoPad = node.stringAttribute("auto_pad", "NOTSET");
            return autoPad.startsWith("SAME") || Arrays.stream(node.intsAttribute("pads", new long[0])).anyMatch(p -> p != 0);
        }

        private static boolean hasSubgraph(OnnxNode node) {
            return node.proto().getAttributeList().stream().anyMatch(a -> a.getType() == AttributeProto.AttributeType.GRAPH
                    || a.getType() == AttributeProto.AttributeType.GRAPHS);
        }

        private static String input(OnnxNode node, int position) {
            return node.inputs().size() > position && !node.inputs().get(position).isEmpty() ? node.inputs().get(position) : null;
        }

        private boolean isFloatInitializer(String name) {
            return graph.isInitializer(name) && graph.initializerType(name) == TensorProto.DataType.FLOAT_VALUE;
        }

        private long[] dims(String initializer) {
            return graph.initializer(initializer).getDimsList().stream().mapToLong(Long::longValue).toArray();
        }

        /** A float initializer, or the value of a Constant node. */
        private Optional<FloatTensor> constant(String name) {
            if (isFloatInitializer(name)) {
                return Optional.of(graph.floatInitializer(name));
            }
            return graph.producer(name).filter(p -> p.opType().equals("Constant"))
                    .flatMap(p -> p.tensorAttribute("value"))
                    .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE)
                    .map(FloatTensor::of);
        }

        private UnsupportedGraphException refuse(OnnxNode node, String reason) {
            return new UnsupportedGraphException(source, node, reason);
        }

        /** Slicing an initializer that another node also reads would change that node too. */
        private void checkNotShared() {
            Map<String, OnnxNode> changed = new LinkedHashMap<>();
            slices.forEach(s -> changed.putIfAbsent(s.initializer(), s.node()));
            folds.stream().filter(f -> f.bias() != null).forEach(f -> changed.putIfAbsent(f.bias(), f.node()));
            changed.forEach((initializer, node) -> {
                List<OnnxNode> readers = graph.consumers(initializer);
                if (readers.size() > 1 || graph.outputs().stream().anyMatch(o -> o.name().equals(initializer))) {
                    throw refuse(node, "shares its initializer '" + initializer + "' with "
                            + readers.stream().filter(r -> r.index() != node.index()).map(OnnxNode::label).toList()
                            + " or the graph's outputs; slicing it for one would change the other");
                }
            });
        }

        // ---- slots ----

        private int newSlot(int node, int position) {
            if (slotCount == parent.length) {
                parent = Arrays.copyOf(parent, slotCount * 2);
                slotNode = Arrays.copyOf(slotNode, slotCount * 2);
                slotPosition = Arrays.copyOf(slotPosition, slotCount * 2);
            }
            parent[slotCount] = slotCount;
            slotNode[slotCount] = node;
            slotPosition[slotCount] = position;
            return slotCount++;
        }

        private int find(int slot) {
            while (parent[slot] != slot) {
                parent[slot] = parent[parent[slot]];
                slot = parent[slot];
            }
            return slot;
        }

        private void union(int a, int b) {
            int rootA = find(a);
            int rootB = find(b);
            if (rootA != rootB) {
                // The earlier slot stays the root, so channel ids follow graph order.
                parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
            }
        }

        /** Numbers the coupled channels in graph order and gathers them into groups by their producing layers. */
        private DependencyGraph resolve() {
            int[] channelOf = new int[slotCount];
            Map<Integer, Integer> idOfRoot = new HashMap<>();
            List<List<Integer>> slotsOf = new ArrayList<>();
            for (int s = 0; s < slotCount; s++) {
                int root = find(s);
                Integer id = idOfRoot.get(root);
                if (id == null) {
                    id = slotsOf.size();
                    idOfRoot.put(root, id);
                    slotsOf.add(new ArrayList<>());
                }
                channelOf[s] = id;
                slotsOf.get(id).add(s);
            }
            int channels = slotsOf.size();
            boolean[] pinned = new boolean[channels];
            pinnedSlots.forEach(s -> pinned[channelOf[s]] = true);

            List<TensorSlice> tensorSlices = slices.stream().map(s -> new TensorSlice(s.node(), s.initializer(), s.axis(),
                    ids(s.slots(), channelOf), s.role())).toList();
            List<BiasFold> biasFolds = folds.stream().map(f -> new BiasFold(f.node(), f.weight(), f.bias(),
                    ids(f.input().slots(), channelOf), f.input().constants(), f.input().exact(), f.padded(), f.groups(),
                    ids(f.outputSlots(), channelOf), f.scale(), f.transposed())).toList();
            List<DepthwiseConv> depthwiseConvs = depthwise.stream()
                    .map(d -> new DepthwiseConv(d.node(), ids(d.inputSlots(), channelOf))).toList();

            // Channels made by the same layers form one group; groups and their channels in graph order.
            Map<List<Integer>, List<Integer>> byProducers = new LinkedHashMap<>();
            for (int id = 0; id < channels; id++) {
                if (!pinned[id]) {
                    List<Integer> producers = slotsOf.get(id).stream().map(s -> slotNode[s]).distinct().sorted().toList();
                    byProducers.computeIfAbsent(producers, k -> new ArrayList<>()).add(id);
                }
            }
            List<ChannelGroup> groups = new ArrayList<>();
            for (Map.Entry<List<Integer>, List<Integer>> entry : byProducers.entrySet()) {
                int[] ids = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
                List<FilterSet> producers = new ArrayList<>();
                for (int node : entry.getKey()) {
                    FilterDraft filter = filters.get(node);
                    int[][] indices = new int[ids.length][];
                    for (int c = 0; c < ids.length; c++) {
                        indices[c] = slotsOf.get(ids[c]).stream().filter(s -> slotNode[s] == node)
                                .mapToInt(s -> slotPosition[s]).sorted().toArray();
                    }
                    producers.add(new FilterSet(filter.node().label(), filter.node().opType(), filter.weight(), filter.axis(),
                            indices));
                }
                Set<Integer> members = new java.util.HashSet<>(entry.getValue());
                groups.add(new ChannelGroup(groups.size(), ids, producers,
                        labels(tensorSlices, Role.INPUTS, members), labels(tensorSlices, Role.PER_CHANNEL, members)));
            }
            Set<String> tracked = new LinkedHashSet<>(values.keySet());
            return new DependencyGraph(model, channels, pinned, groups, tensorSlices, biasFolds, depthwiseConvs, tracked);
        }

        private static List<String> labels(List<TensorSlice> slices, Role role, Set<Integer> channels) {
            return slices.stream().filter(s -> s.role() == role && Arrays.stream(s.channels()).anyMatch(channels::contains))
                    .map(s -> s.node().label()).distinct().toList();
        }

        private static int[] ids(int[] slots, int[] channelOf) {
            int[] ids = new int[slots.length];
            for (int i = 0; i < slots.length; i++) {
                ids[i] = channelOf[slots[i]];
            }
            return ids;
        }
    }
}
