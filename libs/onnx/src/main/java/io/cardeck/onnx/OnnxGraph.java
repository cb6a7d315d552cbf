package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Read-only view of a model's main graph with value indexes (producer and consumers of every
 * value). Change a graph through {@link OnnxModel#edit()}. Values consumed only inside subgraphs
 * (If/Loop bodies) are not indexed.
 */
public final class OnnxGraph {

    private final GraphProto graph;
    private final String source;
    private final List<OnnxNode> nodes;
    private final Map<String, Integer> initializerIndex;
    private final Map<String, OnnxNode> producers;
    private final Map<String, List<OnnxNode>> consumers;

    OnnxGraph(GraphProto graph, String source) {
        this.graph = graph;
        this.source = source;
        List<OnnxNode> nodeList = new ArrayList<>(graph.getNodeCount());
        for (int i = 0; i < graph.getNodeCount(); i++) {
            nodeList.add(new OnnxNode(i, graph.getNode(i)));
        }
        this.nodes = Collections.unmodifiableList(nodeList);
        Map<String, Integer> initializers = new LinkedHashMap<>();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            initializers.put(graph.getInitializer(i).getName(), i);
        }
        this.initializerIndex = Collections.unmodifiableMap(initializers);
        Map<String, OnnxNode> producerMap = new HashMap<>();
        Map<String, List<OnnxNode>> consumerMap = new HashMap<>();
        for (OnnxNode node : nodeList) {
            for (String output : node.outputs()) {
                if (output.isEmpty()) {
                    continue;
                }
                OnnxNode previous = producerMap.putIfAbsent(output, node);
                if (previous != null) {
                    throw new OnnxFormatException(source, OnnxFormatException.Reason.INVALID_GRAPH,
                            "value '" + output + "' is produced by both node '" + previous.label()
                                    + "' and node '" + node.label() + "'; each value must have one producer");
                }
            }
            for (String input : node.inputs()) {
                if (!input.isEmpty()) {
                    List<OnnxNode> list = consumerMap.computeIfAbsent(input, k -> new ArrayList<>());
                    // A node reading the same value twice (x * x) is one consumer.
                    if (list.isEmpty() || list.get(list.size() - 1) != node) {
                        list.add(node);
                    }
                }
            }
        }
        this.producers = producerMap;
        consumerMap.replaceAll((k, v) -> Collections.unmodifiableList(v));
        this.consumers = consumerMap;
    }

    public String name() {
        return graph.getName();
    }

    public GraphProto proto() {
        return graph;
    }

    /** Nodes in stored order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** Graph inputs that are not initializers: what a caller must feed. */
    public List<ValueInfo> inputs() {
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfoProto input : graph.getInputList()) {
            if (!initializerIndex.containsKey(input.getName())) {
                inputs.add(ValueInfo.of(input));
            }
        }
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return graph.getOutputList().stream().map(ValueInfo::of).toList();
    }

    /**
     * The dims after the batch dim of the first fed input when all are fixed, e.g. {@code [1, 28, 28]}:
     * the sample shape to count a model's MACs at.
     *
     * @throws IllegalArgumentException naming the input and its dims when a size is symbolic or unknown
     */
    public long[] fixedSampleShape() {
        ValueInfo input = inputs().get(0);
        long[] dims = input.dims();
        long[] sample = java.util.Arrays.copyOfRange(dims, Math.min(1, dims.length), dims.length);
        if (!input.shapeKnown() || java.util.Arrays.stream(sample).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("input " + input.name() + " has dims " + java.util.Arrays.toString(dims)
                    + " with unknown sizes after the batch dim; give the sample shape explicitly, e.g. 1,28,28");
        }
        return sample;
    }

    /** Initializer names in stored order. */
    public Set<String> initializerNames() {
        return initializerIndex.keySet();
    }

    public boolean isInitializer(String name) {
        return initializerIndex.containsKey(name);
    }

    /** The stored initializer; see {@link #floatInitializer} and {@link #int64Initializer} for typed reads. */
    public TensorProto initializer(String name) {
        Integer index = initializerIndex.get(name);
        if (index == null) {
            throw new IllegalArgumentException(source + ": graph has no initializer named '" + name + "'");
        }
        return graph.getInitializer(index);
    }

    /** Position of the initializer in the graph's initializer list, or -1. */
    int initializerPosition(String name) {
        return initializerIndex.getOrDefault(name, -1);
    }

    /** Initializer element type ({@code TensorProto.DataType} number). */
    public int initializerType(String name) {
        return initializer(name).getDataType();
    }

    /**
     * A FLOAT initializer's values.
     *
     * @throws IllegalArgumentException if there is no such initializer
     * @throws OnnxFormatException if it is not FLOAT or its data does not match its dims
     */
    public FloatTensor floatInitializer(String name) {
        TensorProto proto = initializer(name);
        try {
            return FloatTensor.of(proto);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.INVALID_TENSOR, e.getMessage(), e);
        }
    }

    /** An INT64 initializer's values, e.g. the shape operand of a Reshape. */
    public Int64Tensor int64Initializer(String name) {
        TensorProto proto = initializer(name);
        try {
            return Int64Tensor.of(proto);
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.INVALID_TENSOR, e.getMessage(), e);
        }
    }

    /** The node that outputs {@code value}; empty for graph inputs, initializers and unknown names. */
    public Optional<OnnxNode> producer(String value) {
        return Optional.ofNullable(producers.get(value));
    }

    /** Nodes reading {@code value}, in stored order. */
    public List<OnnxNode> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** Whether {@code value} is a node output or a graph input that is not an initializer. */
    boolean isComputedOrFed(String value) {
        return producers.containsKey(value) || inputs().stream().anyMatch(i -> i.name().equals(value));
    }

    public Optional<OnnxNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /**
     * Nodes ordered so that every node comes after the producers of its inputs; among ready nodes
     * the stored order wins, so an already sorted graph comes back unchanged.
     *
     * @throws OnnxFormatException if the nodes form a cycle
     */
    public List<OnnxNode> topologicalOrder() {
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (OnnxNode node : nodes) {
            for (String input : Set.copyOf(node.inputs())) {
                OnnxNode producer = producers.get(input);
                if (producer != null) {
                    pending[node.index()]++;
                    dependents.get(producer.index()).add(node.index());
                }
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<OnnxNode> order = new ArrayList<>(n);
        while (!ready.isEmpty()) {
            int index = ready.poll();
            order.add(nodes.get(index));
            for (int dependent : dependents.get(index)) {
                if (--pending[dependent] == 0) {
                    ready.add(dependent);
                }
            }
        }
        if (order.size() != n) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (pending[i] > 0) {
                    stuck.add(nodes.get(i).label());
                }
            }
            throw new OnnxFormatException(source, OnnxFormatException.Reason.INVALID_GRAPH,
                    "nodes " + stuck + " depend on each other in a cycle; an ONNX graph must be acyclic");
        }
        return order;
    }
}
