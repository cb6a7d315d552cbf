package io.cardeck.trainer.graph;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.ModelEditor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.ValueInfo;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.Precision;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.ops.ConstantTensor;
import io.cardeck.trainer.ops.GraphCompileException;
import io.cardeck.trainer.ops.InputRole;
import io.cardeck.trainer.ops.Kernel;
import io.cardeck.trainer.ops.NodeContext;
import io.cardeck.trainer.ops.OpRegistry;
import io.cardeck.trainer.ops.RunContext;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * An ONNX model compiled to PyTorch operations: every node becomes a {@link Kernel} from an
 * {@link OpRegistry}, run in graph order on DJL arrays with autograd. Float initializers that
 * feed differentiable inputs are trainable {@link Parameter}s, BatchNormalization running
 * statistics are state updated in training mode, and everything else is constant.
 * {@link #toOnnx()} writes the current values back into the same graph.
 *
 * <p>All long-lived arrays belong to this object's manager and are freed by {@link #close()};
 * each pass runs in a {@link StepScope} that frees its temporaries. Not thread-safe: one pass at a
 * time.
 */
public final class TorchModel implements AutoCloseable {

    private static final Set<String> DEFAULT_DOMAINS = Set.of("", "ai.onnx");

    private final OnnxModel source;
    private final Precision precision;
    private final NDManager manager;
    private final List<CompiledNode> program;
    private final Map<String, Parameter> parameters;
    private final Map<String, NDArray> state;
    private final Map<String, NDArray> constants;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final long[] sampleShape;

    private record CompiledNode(OnnxNode node, Kernel kernel) {
    }

    private TorchModel(OnnxModel source, Precision precision, NDManager manager, List<CompiledNode> program,
                       Map<String, Parameter> parameters, Map<String, NDArray> state, Map<String, NDArray> constants) {
        this.source = source;
        this.precision = precision;
        this.manager = manager;
        this.program = program;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.state = Collections.unmodifiableMap(state);
        this.constants = constants;
        List<ValueInfo> inputs = source.graph().inputs();
        this.inputNames = inputs.stream().map(ValueInfo::name).toList();
        this.outputNames = source.graph().outputs().stream().map(ValueInfo::name).toList();
        this.sampleShape = inputs.size() == 1 ? fixedSample(inputs.get(0)) : null;
    }

    /** Compiles {@code model} with the standard ops in float32. */
    public static TorchModel compile(OnnxModel model) {
        return compile(model, OpRegistry.standard(), Precision.FLOAT32);
    }

    /**
     * Compiles {@code model}: checks every node against {@code ops} and reads its attributes, then
     * copies the initializers into tensors of {@code precision}.
     *
     * @throws GraphCompileException naming the node and op type for an unsupported op or attribute,
     *     or an undefined value
     * @throws IllegalStateException if the PyTorch engine cannot be loaded
     */
    public static TorchModel compile(OnnxModel model, OpRegistry ops, Precision precision) {
        return new Compiler(model, ops, precision).compile();
    }

    public OnnxModel source() {
        return source;
    }

    public Precision precision() {
        return precision;
    }

    /** Names of the graph inputs to feed, in graph order. */
    public List<String> inputNames() {
        return inputNames;
    }

    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Dims of one sample of the single graph input, e.g. {@code [1, 28, 28]}; empty when the model
     * has several inputs or its input dims after the batch dim are not all fixed.
     */
    public Optional<long[]> sampleShape() {
        return sampleShape == null ? Optional.empty() : Optional.of(sampleShape.clone());
    }

    /** Trainable parameters in initializer order. */
    public List<Parameter> parameters() {
        return List.copyOf(parameters.values());
    }

    /**
     * @throws IllegalArgumentException naming the trainable parameters if {@code name} is not one
     */
    public Parameter parameter(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException(source.sourceName() + ": '" + name + "' is not a trainable parameter;"
                    + " parameters are " + parameters.keySet());
        }
        return parameter;
    }

    /** Names of the state tensors (BatchNormalization running statistics), in initializer order. */
    public Set<String> stateNames() {
        return state.keySet();
    }

    /** A copy of a state tensor's values. */
    public float[] stateValues(String name) {
        NDArray array = state.get(name);
        if (array == null) {
            throw new IllegalArgumentException(source.sourceName() + ": '" + name + "' is not a state tensor; state"
                    + " tensors are " + state.keySet());
        }
        if (array.getDataType() == DataType.FLOAT32) {
            return array.toFloatArray();
        }
        try (NDArray narrowed = array.toType(DataType.FLOAT32, true)) {
            return narrowed.toFloatArray();
        }
    }

    /** Opens the scope of one pass; close it when the pass's results have been read. */
    public StepScope openScope() {
        return new StepScope(manager);
    }

    /**
     * A batch for the single graph input from the first {@code batchSize * sample size} values of
     * {@code values} (NCHW, sample after sample), in the model's precision.
     *
     * @throws IllegalArgumentException if the model has no single fixed-shape input or {@code values} is too short
     */
    public NDArray createInput(StepScope scope, float[] values, int batchSize) {
        if (sampleShape == null) {
            throw new IllegalArgumentException(source.sourceName() + ": inputs " + source.graph().inputs()
                    + " are not one input [batch, fixed dims...]; feed the inputs by name with forward(scope, Map, ...)");
        }
        long[] dims = new long[sampleShape.length + 1];
        dims[0] = batchSize;
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        Shape shape = new Shape(dims);
        long needed = shape.size();
        if (batchSize < 1 || needed > values.length) {
            throw new IllegalArgumentException("a batch of " + batchSize + " samples " + Arrays.toString(sampleShape)
                    + " needs " + needed + " values, got " + values.length);
        }
        NDArray batch = scope.manager().create(FloatBuffer.wrap(values, 0, (int) needed), shape);
        return precision.dataType() == DataType.FLOAT32 ? batch : batch.toType(precision.dataType(), false);
    }

    /** Runs the graph on the single input and returns its first output; see {@link #forward(StepScope, Map, boolean, long)}. */
    public NDArray forward(StepScope scope, NDArray input, boolean training, long seed) {
        if (inputNames.size() != 1) {
            throw new IllegalArgumentException(source.sourceName() + ": the model has inputs " + inputNames
                    + "; feed them by name");
        }
        return forward(scope, Map.of(inputNames.get(0), input), training, seed)[0];
    }

    /**
     * Runs the graph. Autograd records the pass if the calling thread's grad mode is on (see
     * {@link GradMode}). In training mode BatchNormalization uses batch statistics and updates its
     * running statistics, and Dropout is active.
     *
     * @param feeds one array per graph input, by name
     * @param seed seeds the pass's random stream (dropout masks)
     * @return the graph outputs, in graph order
     */
    public NDArray[] forward(StepScope scope, Map<String, NDArray> feeds, boolean training, long seed) {
        if (!feeds.keySet().equals(new HashSet<>(inputNames))) {
            throw new IllegalArgumentException(source.sourceName() + ": feeds " + feeds.keySet()
                    + " do not match the graph inputs " + inputNames);
        }
        Map<String, NDArray> values = new HashMap<>(constants);
        values.putAll(state);
        parameters.values().forEach(p -> values.put(p.name(), p.array()));
        scope.borrowAll(values.values());
        for (Map.Entry<String, NDArray> feed : feeds.entrySet()) {
            NDArray array = feed.getValue();
            if (array.getDataType().isFloating() && array.getDataType() != precision.dataType()) {
                array = array.toType(precision.dataType(), false);
            }
            values.put(feed.getKey(), array);
        }
        RunContext context = new RunContext(training, precision.dataType(), scope.manager(), new SplittableRandom(seed));
        for (CompiledNode compiled : program) {
            run(compiled, values, context);
        }
        NDArray[] outputs = new NDArray[outputNames.size()];
        for (int i = 0; i < outputs.length; i++) {
            outputs[i] = values.get(outputNames.get(i));
        }
        return outputs;
    }

    private void run(CompiledNode compiled, Map<String, NDArray> values, RunContext context) {
        OnnxNode node = compiled.node();
        List<String> inputs = node.inputs();
        NDArray[] arguments = new NDArray[inputs.size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = inputs.get(i).isEmpty() ? null : values.get(inputs.get(i));
        }
        NDArray[] results;
        try {
            results = compiled.kernel().run(arguments, context);
        } catch (RuntimeException e) {
            throw new IllegalStateException(source.sourceName() + ": node '" + node.label() + "' (" + node.opType()
                    + ") failed: " + e.getMessage(), e);
        }
        List<String> outputs = node.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).isEmpty()) {
                continue;
            }
            if (i >= results.length) {
                throw new IllegalStateException(source.sourceName() + ": node '" + node.label() + "' (" + node.opType()
                        + ") produced " + results.length + " outputs; the graph reads output " + i);
            }
            values.put(outputs.get(i), results[i]);
        }
    }

    /**
     * Inference on the single input: the first output for {@code batchSize} samples as floats.
     * No autograd, no state change.
     */
    public float[] predict(float[] values, int batchSize) {
        try (StepScope scope = openScope(); GradMode off = GradMode.disabled()) {
            NDArray output = forward(scope, createInput(scope, values, batchSize), false, 0);
            return output.getDataType() == DataType.FLOAT32 ? output.toFloatArray()
                    : output.toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** The source model with every parameter and state tensor replaced by its current values: same graph in, same graph out. */
    public OnnxModel toOnnx() {
        ModelEditor editor = source.edit();
        for (Parameter parameter : parameters.values()) {
            editor.replaceInitializer(new FloatTensor(parameter.name(), parameter.dims(), parameter.values()));
        }
        for (String name : state.keySet()) {
            editor.replaceInitializer(new FloatTensor(name, state.get(name).getShape().getShape(), stateValues(name)));
        }
        return editor.build();
    }

    /**
     * Loads parameter and state values from {@code weights}, a model with the same graph (a
     * checkpoint, or an earlier training stage for weight rewinding). Masks stay and apply.
     *
     * @throws IllegalArgumentException naming the initializer if one is missing or has other dims
     */
    public void restoreWeights(OnnxModel weights) {
        OnnxGraph graph = weights.graph();
        for (Parameter parameter : parameters.values()) {
            parameter.setValues(read(graph, weights, parameter.name(), parameter.dims()));
        }
        for (Map.Entry<String, NDArray> entry : state.entrySet()) {
            float[] values = read(graph, weights, entry.getKey(), entry.getValue().getShape().getShape());
            try (GradMode off = GradMode.disabled()) {
                NDArray array = entry.getValue();
                if (array.getDataType() == DataType.FLOAT32) {
                    array.set(values);
                } else {
                    double[] wide = new double[values.length];
                    for (int i = 0; i < wide.length; i++) {
                        wide[i] = values[i];
                    }
                    array.set(wide);
                }
            }
        }
    }

    private static float[] read(OnnxGraph graph, OnnxModel weights, String name, long[] dims) {
        if (!graph.isInitializer(name)) {
            throw new IllegalArgumentException(weights.sourceName() + ": has no initializer '" + name
                    + "'; weights must come from a model with the same graph");
        }
        FloatTensor tensor = graph.floatInitializer(name);
        if (!Arrays.equals(tensor.dims(), dims)) {
            throw new IllegalArgumentException(weights.sourceName() + ": initializer '" + name + "' has dims "
                    + Arrays.toString(tensor.dims()) + "; expected " + Arrays.toString(dims));
        }
        return tensor.data();
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "TorchModel[" + source.sourceName() + ", " + program.size() + " nodes, " + parameters.size()
                + " parameters, " + precision + "]";
    }

    private static long[] fixedSample(ValueInfo input) {
        long[] dims = input.dims();
        if (!input.shapeKnown() || dims.length < 2) {
            return null;
        }
        long[] sample = Arrays.copyOfRange(dims, 1, dims.length);
        for (long dim : sample) {
            if (dim <= 0) {
                return null;
            }
        }
        return sample;
    }

    /** Turns the graph into kernels and tensors; one use. */
    private static final class Compiler {

        private final OnnxModel model;
        private final OnnxGraph graph;
        private final OpRegistry ops;
        private final Precision precision;
        private final String source;
        private final int opset;
        private final Map<String, Set<InputRole>> roles = new HashMap<>();

        Compiler(OnnxModel model, OpRegistry ops, Precision precision) {
            this.model = model;
            this.graph = model.graph();
            this.ops = ops;
            this.precision = precision;
            this.source = model.sourceName();
            this.opset = model.proto().getOpsetImportList().stream()
                    .filter(o -> DEFAULT_DOMAINS.contains(o.getDomain()))
                    .mapToInt(o -> (int) o.getVersion()).findFirst().orElseThrow(() -> new GraphCompileException(source
                            + ": the model imports no opset for the default ONNX domain; the trainer runs ONNX ops only"));
        }

        TorchModel compile() {
            List<OnnxNode> order = graph.topologicalOrder();
            checkSupported(order);
            checkDefined(order);
            for (OnnxNode node : order) {
                OpRegistry.Entry entry = ops.find(node.opType()).orElseThrow();
                for (int i = 0; i < node.inputs().size(); i++) {
                    String input = node.inputs().get(i);
                    if (graph.isInitializer(input)) {
                        roles.computeIfAbsent(input, k -> EnumSet.noneOf(InputRole.class)).add(entry.role(i));
                    }
                }
            }
            NDManager manager = TorchEngine.newManager();
            try {
                Map<String, Parameter> parameters = new LinkedHashMap<>();
                Map<String, NDArray> state = new LinkedHashMap<>();
                Map<String, NDArray> constants = new HashMap<>();
                Map<String, ConstantTensor> constantValues = new HashMap<>();
                createTensors(manager, parameters, state, constants, constantValues);
                List<CompiledNode> program = new ArrayList<>(order.size());
                for (OnnxNode node : order) {
                    OpRegistry.Entry entry = ops.find(node.opType()).orElseThrow();
                    program.add(new CompiledNode(node, entry.operator().compile(context(node, constantValues))));
                }
                return new TorchModel(model, precision, manager, List.copyOf(program), parameters, state, constants);
            } catch (RuntimeException e) {
                manager.close();
                throw e;
            }
        }

        private void checkSupported(List<OnnxNode> order) {
            List<String> unsupported = new ArrayList<>();
            for (OnnxNode node : order) {
                if (!DEFAULT_DOMAINS.contains(node.domain())) {
                    unsupported.add("op type " + node.opType() + " of domain '" + node.domain() + "' (node '"
                            + node.label() + "')");
                } else if (ops.find(node.opType()).isEmpty()) {
                    unsupported.add("op type " + node.opType() + " (node '" + node.label() + "')");
                }
            }
            if (!unsupported.isEmpty()) {
                throw new GraphCompileException(source + ": the trainer does not support " + String.join(", ", unsupported)
                        + "; supported op types of the default ONNX domain: " + ops.opTypes());
            }
        }

        private void checkDefined(List<OnnxNode> order) {
            Set<String> defined = new HashSet<>(graph.initializerNames());
            graph.inputs().forEach(input -> defined.add(input.name()));
            for (OnnxNode node : order) {
                for (String input : node.inputs()) {
                    if (!input.isEmpty() && !defined.contains(input)) {
                        throw new GraphCompileException(source + ": node '" + node.label() + "' (" + node.opType()
                                + ") reads '" + input + "', which no graph input, initializer or node defines");
                    }
                }
                node.outputs().stream().filter(o -> !o.isEmpty()).forEach(defined::add);
            }
            for (ValueInfo output : graph.outputs()) {
                if (!defined.contains(output.name())) {
                    throw new GraphCompileException(source + ": graph output '" + output.name()
                            + "' is not produced by any node, input or initializer");
                }
            }
        }

        private void createTensors(NDManager manager, Map<String, Parameter> parameters, Map<String, NDArray> state,
                                   Map<String, NDArray> constants, Map<String, ConstantTensor> constantValues) {
            DataType dataType = precision.dataType();
            for (String name : graph.initializerNames()) {
                Set<InputRole> used = roles.get(name);
                if (used == null) {
                    continue;
                }
                TensorProto proto = graph.initializer(name);
                ConstantTensor value;
                try {
                    value = ConstantTensor.of(proto);
                } catch (IllegalArgumentException e) {
                    throw new GraphCompileException(source + ": initializer '" + name + "': " + e.getMessage());
                }
                if (!value.isFloat() || used.equals(EnumSet.of(InputRole.CONSTANT))) {
                    constants.put(name, value.toArray(manager, dataType));
                    constantValues.put(name, value);
                } else if (used.contains(InputRole.STATE)) {
                    if (used.contains(InputRole.DIFFERENTIABLE)) {
                        throw new GraphCompileException(source + ": initializer '" + name + "' is both state updated"
                                + " by BatchNormalization and an input that is trained; it can be only one of them");
                    }
                    state.put(name, value.toArray(manager, dataType));
                } else {
                    NDArray array = value.toArray(manager, dataType);
                    array.setRequiresGradient(true);
                    parameters.put(name, new Parameter(name, value.dims(), array, manager));
                }
            }
        }

        private NodeContext context(OnnxNode node, Map<String, ConstantTensor> constantValues) {
            return new NodeContext() {
                @Override
                public OnnxNode node() {
                    return node;
                }

                @Override
                public int opset() {
                    return opset;
                }

                @Override
                public boolean hasInput(int index) {
                    return index < node.inputs().size() && !node.inputs().get(index).isEmpty();
                }

                @Override
                public boolean hasOutput(int index) {
                    return index < node.outputs().size() && !node.outputs().get(index).isEmpty();
                }

                @Override
                public int outputCount() {
                    return node.outputs().size();
                }

                @Override
                public Optional<ConstantTensor> constant(int index) {
                    if (!hasInput(index)) {
                        return Optional.empty();
                    }
                    String value = node.inputs().get(index);
                    ConstantTensor known = constantValues.get(value);
                    if (known != null) {
                        return Optional.of(known);
                    }
                    Optional<OnnxNode> producer = graph.producer(value);
                    if (producer.isPresent() && producer.get().opType().equals("Constant")) {
                        try {
                            return Optional.of(ConstantTensor.ofConstantNode(producer.get()));
                        } catch (IllegalArgumentException e) {
                            throw error("its input '" + value + "' is a Constant that cannot be read: " + e.getMessage());
                        }
                    }
                    return Optional.empty();
                }

                @Override
                public GraphCompileException error(String problem) {
                    return new GraphCompileException(source + ": node '" + node.label() + "' (" + node.opType() + "): "
                            + problem);
                }
            };
        }
    }
}
