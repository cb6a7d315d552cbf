package io.cardeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the time of some profiled training steps went: the self time (own time, without the ops it
 * called) of each op that PyTorch's profiler recorded, and the wall time of those steps. Both sides of
 * the training benchmark use PyTorch's own profiler, so the op names are the same on both.
 *
 * @param steps profiled steps
 * @param seconds wall time of those steps, profiler included
 * @param ops self time and calls per op name, over all steps
 */
record OpProfile(int steps, double seconds, Map<String, OpTime> ops) {

    /** One op's self time and number of calls over the profiled steps. */
    record OpTime(double selfMillis, long calls) {}

    OpProfile {
        if (steps < 1 || !(seconds > 0)) {
            throw new IllegalArgumentException("a profile covers at least one step and some time, got " + steps
                    + " steps in " + seconds + " s");
        }
        ops = Map.copyOf(ops);
    }

    /**
     * Reads the Chrome trace that PyTorch's profiler writes (DJL's {@code JniUtils.stopProfile}): an
     * array of complete events {@code {"name", "ph": "X", "ts", "dur", "tid"}} in microseconds, nested
     * in time on each thread. An op's self time is its duration less that of the events directly inside it.
     *
     * @throws IllegalArgumentException if {@code trace} is not such an array
     */
    static OpProfile fromChromeTrace(JsonNode trace, int steps, double seconds) {
        if (trace == null || !trace.isArray()) {
            throw new IllegalArgumentException("a Chrome trace is a JSON array of events, got "
                    + (trace == null ? "nothing" : trace.getNodeType()));
        }
        Map<Long, List<Event>> byThread = new TreeMap<>();
        for (JsonNode node : trace) {
            if (!"X".equals(node.path("ph").asText())) {
                continue;
            }
            if (!node.path("name").isTextual() || !node.path("ts").isNumber() || !node.path("dur").isNumber()) {
                throw new IllegalArgumentException("trace event " + node + " lacks a name, ts or dur");
            }
            byThread.computeIfAbsent(node.path("tid").asLong(), tid -> new ArrayList<>())
                    .add(new Event(node.get("name").asText(), node.get("ts").asDouble(), node.get("dur").asDouble()));
        }
        Map<String, double[]> self = new LinkedHashMap<>();
        Map<String, Long> calls = new LinkedHashMap<>();
        for (List<Event> events : byThread.values()) {
            // Parents first: by start, and the longer of two events that start together.
            events.sort(Comparator.comparingDouble(Event::start).thenComparing(Comparator.comparingDouble(Event::duration).reversed()));
            Deque<Event> open = new ArrayDeque<>();
            for (Event event : events) {
                while (!open.isEmpty() && open.peek().end() <= event.start()) {
                    open.pop();
                }
                if (!open.isEmpty()) {
                    self.computeIfAbsent(open.peek().name(), name -> new double[1])[0] -= event.duration();
                }
                self.computeIfAbsent(event.name(), name -> new double[1])[0] += event.duration();
                calls.merge(event.name(), 1L, Long::sum);
                open.push(event);
            }
        }
        Map<String, OpTime> ops = new LinkedHashMap<>();
        self.forEach((name, micros) -> ops.put(name, new OpTime(micros[0] / 1000, calls.get(name))));
        return new OpProfile(steps, seconds, ops);
    }

    /** A profile as train_throughput.py prints it: {@code {"steps", "seconds", "ops": [{"op", "self_ms", "calls"}]}}. */
    static OpProfile fromPython(JsonNode profile) {
        if (profile == null || !profile.path("ops").isArray()) {
            throw new IllegalArgumentException("the Python profile must hold steps, seconds and ops, got " + profile);
        }
        Map<String, OpTime> ops = new LinkedHashMap<>();
        for (JsonNode op : profile.get("ops")) {
            ops.put(op.path("op").asText(), new OpTime(op.path("self_ms").asDouble(), op.path("calls").asLong()));
        }
        return new OpProfile(profile.path("steps").asInt(), profile.path("seconds").asDouble(), ops);
    }

    /** The self time of all ops, per step. */
    double opsMillisPerStep() {
        return ops.values().stream().mapToDouble(OpTime::selfMillis).sum() / steps;
    }

    double wallMillisPerStep() {
        return 1000 * seconds / steps;
    }

    private double millisPerStep(String op) {
        OpTime time = ops.get(op);
        return time == null ? 0 : time.selfMillis() / steps;
    }

    private String callsPerStep(String op) {
        OpTime time = ops.get(op);
        return time == null ? "-" : String.format(Locale.ROOT, "%.0f", (double) time.calls() / steps);
    }

    /**
     * Side by side, per step: the {@code rows} ops that cost most on either side, the rest together, all
     * ops, the wall time of the profiled steps, and what lies outside the ops (wall less ops: the code
     * around them, Java and JNI on one side, the Python interpreter on the other).
     */
    static String comparison(String left, OpProfile a, String right, OpProfile b, int rows) {
        List<String> names = new ArrayList<>(a.ops.keySet());
        b.ops.keySet().stream().filter(name -> !a.ops.containsKey(name)).forEach(names::add);
        names.sort(Comparator.comparingDouble((String name) -> Math.max(a.millisPerStep(name), b.millisPerStep(name)))
                .reversed().thenComparing(Comparator.naturalOrder()));
        MarkdownTable table = new MarkdownTable("op (self time)", left + " ms/step", "calls/step", right + " ms/step",
                "calls/step", "difference ms/step");
        double restA = a.opsMillisPerStep();
        double restB = b.opsMillisPerStep();
        for (String name : names.subList(0, Math.min(rows, names.size()))) {
            table.row(name, millis(a.millisPerStep(name)), a.callsPerStep(name), millis(b.millisPerStep(name)),
                    b.callsPerStep(name), millis(a.millisPerStep(name) - b.millisPerStep(name)));
            restA -= a.millisPerStep(name);
            restB -= b.millisPerStep(name);
        }
        if (names.size() > rows) {
            table.row("other ops (" + (names.size() - rows) + ")", millis(restA), "", millis(restB), "", millis(restA - restB));
        }
        table.row("all ops", millis(a.opsMillisPerStep()), "", millis(b.opsMillisPerStep()), "",
                millis(a.opsMillisPerStep() - b.opsMillisPerStep()));
        table.row("step (wall, profiled)", millis(a.wallMillisPerStep()), "", millis(b.wallMillisPerStep()), "",
                millis(a.wallMillisPerStep() - b.wallMillisPerStep()));
        double outsideA = a.wallMillisPerStep() - a.opsMillisPerStep();
        double outsideB = b.wallMillisPerStep() - b.opsMillisPerStep();
        table.row("outside ops (wall - ops)", millis(outsideA), "", millis(outsideB), "", millis(outsideA - outsideB));
        return table.toString();
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private record Event(String name, double start, double duration) {
        double end() {
            return start + duration;
        }
    }
}
