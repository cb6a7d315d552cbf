package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of some ONNX Runtime runs went, per operator type, from the profile ONNX Runtime writes
 * when a session has profiling on: a JSON array of complete events ({@code "ph": "X"}, microseconds), one
 * {@code "cat": "Session"} event {@code model_run} per run and one {@code "cat": "Node"} event
 * {@code <node>_kernel_time} per node executed, whose {@code args.op_name} is the kernel's op type after
 * graph optimisation (e.g. FusedConv for a Conv with its BatchNorm and Relu folded in).
 *
 * @param runs     the runs profiled
 * @param runMillis wall time of one run (model_run), on average
 * @param opMillis per op type, kernel time per run
 */
record RuntimeProfile(int runs, double runMillis, Map<String, Double> opMillis) {

    RuntimeProfile {
        if (runs < 1) {
            throw new IllegalArgumentException("the profile holds no model_run event");
        }
        opMillis = Map.copyOf(opMillis);
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
        int runs = 0;
        double runMicros = 0;
        Map<String, Double> micros = new LinkedHashMap<>();
        for (JsonNode event : trace) {
            if (event.path("ts").asDouble() < cutoff) {
                continue;
            }
            double duration = event.path("dur").asDouble();
            if (isModelRun(event)) {
                runs++;
                runMicros += duration;
            } else if (event.path("cat").asText().equals("Node") && event.path("name").asText().endsWith("_kernel_time")) {
                micros.merge(event.path("args").path("op_name").asText("?"), duration, Double::sum);
            }
        }
        int count = runs;
        Map<String, Double> perRun = new LinkedHashMap<>();
        micros.forEach((op, total) -> perRun.put(op, total / 1000 / count));
        return new RuntimeProfile(runs, runMicros / 1000 / count, perRun);
    }

    private static boolean isModelRun(JsonNode event) {
        return event.path("cat").asText().equals("Session") && event.path("name").asText().equals("model_run");
    }

    /** Kernel time of all ops, per run. */
    double kernelMillis() {
        return opMillis.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Kernel time per run of the op types whose name contains {@code part} (e.g. "Conv": Conv and FusedConv). */
    double millisOf(String part) {
        return opMillis.entrySet().stream().filter(e -> e.getKey().contains(part)).mapToDouble(Map.Entry::getValue).sum();
    }
}
