package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeProfileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String run(double start, double duration) {
        return "{\"cat\": \"Session\", \"name\": \"model_run\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": " + duration
                + ", \"args\": {}}";
    }

    private static String kernel(String node, String op, double start, double duration) {
        return "{\"cat\": \"Node\", \"name\": \"" + node + "_kernel_time\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": "
                + duration + ", \"args\": {\"op_name\": \"" + op + "\"}}";
    }

    private static JsonNode trace(String... events) throws Exception {
        return JSON.readTree("[" + String.join(",\n", events) + "]");
    }

    @Test
    void eachNodeCountsItsFastestRunAfterTheFirstRuns() throws Exception {
        JsonNode trace = trace(
                "{\"cat\": \"Session\", \"name\": \"session_initialization\", \"ph\": \"X\", \"ts\": 0, \"dur\": 900}",
                run(1000, 5000), kernel("stem.relu_nchwc", "Conv", 1100, 400), kernel("fc", "Gemm", 5200, 50),
                run(7000, 1000), kernel("stem.relu_nchwc", "Conv", 7100, 600), kernel("stage1.block0.conv1", "FusedConv", 7700, 90),
                kernel("fc", "Gemm", 7710, 200),
                "{\"cat\": \"Node\", \"name\": \"fc_fence_before\", \"ph\": \"X\", \"ts\": 7705, \"dur\": 3,"
                        + " \"args\": {\"op_name\": \"Gemm\"}}",
                run(9000, 1400), kernel("stem.relu_nchwc", "Conv", 9100, 1000), kernel("stage1.block0.conv1", "FusedConv", 9200, 70),
                kernel("fc", "Gemm", 10200, 100),
                run(11000, 1200), kernel("stem.relu_nchwc", "Conv", 11100, 700), kernel("fc", "Gemm", 11200, 300));

        RuntimeProfile profile = RuntimeProfile.fromTrace(trace, 1);

        assertEquals(3, profile.runs());
        assertEquals(1.2, profile.runMillis(), 1e-9, "the median run");
        assertEquals(new RuntimeProfile.NodeTime("Conv", 0.6), profile.nodes().get("stem.relu_nchwc"),
                "the first run's 0.4 ms is left out");
        assertEquals(Map.of("Conv", 0.6, "FusedConv", 0.07, "Gemm", 0.1), profile.opMillis(), "fences are not kernel time");
        assertEquals(Map.of("stem", 0.6, "stage1", 0.07, "fc", 0.1), profile.prefixMillis());
        assertEquals(0.77, profile.kernelMillis(), 1e-9);
        assertEquals(0.67, profile.millisOf("Conv"), 1e-9, "Conv and FusedConv");
        assertEquals(4, RuntimeProfile.fromTrace(trace, 0).runs());
    }

    @Test
    void aTraceWithoutEnoughRunsIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> RuntimeProfile.fromTrace(trace(run(0, 10)), 1));
        assertThrows(IllegalArgumentException.class, () -> RuntimeProfile.fromTrace(JSON.readTree("{}"), 0));
    }
}
