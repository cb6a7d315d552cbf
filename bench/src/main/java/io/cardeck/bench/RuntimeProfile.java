package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the time of some ONNX Runtime runs went, per node, from the profile ONNX Runtime writes when a
 * session has profiling on: a JSON array of complete events ({@code "ph": "X"}, microseconds), one
 * {@code "cat": "Session"} event {@code model_run} per run and one {@code "cat": "Node"} event
 * {@code <node>_kernel_time} per node executed, whose {@code args.op_name} is the kernel's op type after
 * graph optimisation (e.g. FusedConv: a Conv with its activation; Conv on NCHWc blocks). Profiles hold
 * wall time, which other processes on a shared machine stretch; each node's time is therefore its
 * fastest run, the one least disturbed.
 *
 * @param runs      the runs kept
 * @param runMillis the median wall time of a run (model_run)
 * @param nodes     per node (name without {@code _kernel_time}), its op type and fastest kernel time
 */
record RuntimeProfile(int runs, double runMillis, Map<String, NodeTime> nodes) {

    /** A node's kernel op type and its fastest time over the runs, in milliseconds. */
    record NodeTime(String op, double millis) {}

    RuntimeProfile {
        if (runs < 1) {
            throw new IllegalArgumentException("the profile holds no model_run event");
        }
        nodes = Map.copyOf(nodes);
    }

    /**
     * @param skippedRuns how many runs at the start to leave out (the first run allocates and warms up), with
     *     every event that starts before the last of them ends
     */
    static RuntimeProfile fromTrace(JsonNode trace, int skippedRuns) {
        if (trace == null || !trace.isArray()) {
            throw new IllegalArgumentException("an ONNX Runtime profile is a JSON array of events, got "
                    + (trace == null ? "nothing" : trace.getNodeType()));
        }
        List<double[]> modelRuns = new ArrayList<>();
        for (JsonNode event : trace) {
            if (isModelRun(event)) {
                modelRuns.add(new double[] {event.path("ts").asDouble(), event.path("dur").asDouble()});
            }
        }
        modelRuns.sort(Comparator.comparingDouble(run -> run[0]));
        if (modelRuns.size() <= skippedRuns) {
            throw new IllegalArgumentException("the profile holds " + modelRuns.size() + " runs; " + skippedRuns
                    + " are to be left out and at least one kept");
        }
        double cutoff = skippedRuns == 0 ? Double.NEGATIVE_INFINITY
                : modelRuns.get(skippedRuns - 1)[0] + modelRuns.get(skippedRuns - 1)[1];
        List<Double> runs = new ArrayList<>();
        Map<String, NodeTime> nodes = new LinkedHashMap<>();
        for (JsonNode event : trace) {
            if (event.path("ts").asDouble() < cutoff) {
                continue;
            }
            double millis = event.path("dur").asDouble() / 1000;
            String name = event.path("name").asText();
            if (isModelRun(event)) {
                runs.add(millis);
            } else if (event.path("cat").asText().equals("Node") && name.endsWith("_kernel_time")) {
                NodeTime time = new NodeTime(event.path("args").path("op_name").asText("?"), millis);
                nodes.merge(name.substring(0, name.length() - "_kernel_time".length()), time,
                        (a, b) -> a.millis() <= b.millis() ? a : b);
            }
        }
        double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length == 0 ? 0 : sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return new RuntimeProfile(runs.size(), median, nodes);
    }

    private static boolean isModelRun(JsonNode event) {
        return event.path("cat").asText().equals("Session") && event.path("name").asText().equals("model_run");
    }

    /** Kernel time per op type. */
    Map<String, Double> opMillis() {
        return sum(NodeTime::op);
    }

    /**
     * Kernel time per part of the network: what the node's name starts with, up to its first '.' or '_'
     * (stem, stage1, fc...; a fused node is named after its last original node).
     */
    Map<String, Double> prefixMillis() {
        return sum(null);
    }

    private Map<String, Double> sum(Function<NodeTime, String> key) {
        Map<String, Double> sums = new LinkedHashMap<>();
        nodes.forEach((name, time) -> sums.merge(key == null ? prefix(name) : key.apply(time), time.millis(), Double::sum));
        return sums;
    }

    static String prefix(String name) {
        int end = name.length();
        for (char separator : new char[] {'.', '_'}) {
            int at = name.indexOf(separator);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return name.substring(0, end);
    }

    /** Kernel time of all nodes. */
    double kernelMillis() {
        return nodes.values().stream().mapToDouble(NodeTime::millis).sum();
    }

    /** Kernel time of the op types whose name contains {@code part} (e.g. "Conv": Conv and FusedConv). */
    double millisOf(String part) {
        return nodes.values().stream().filter(t -> t.op().contains(part)).mapToDouble(NodeTime::millis).sum();
    }
}
