package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    void kernelTimePerOpTypeAndRunWithoutTheFirstRuns() throws Exception {
        JsonNode trace = trace(
                "{\"cat\": \"Session\", \"name\": \"session_initialization\", \"ph\": \"X\", \"ts\": 0, \"dur\": 900}",
                run(1000, 5000), kernel("conv1", "FusedConv", 1100, 4000), kernel("fc", "Gemm", 5200, 500),
                run(7000, 1000), kernel("conv1", "FusedConv", 7100, 600), kernel("conv1", "FusedConv", 7150, 0),
                kernel("conv1_fence", "Conv", 7700, 1), kernel("fc", "Gemm", 7710, 200),
                "{\"cat\": \"Node\", \"name\": \"fc_fence_before\", \"ph\": \"X\", \"ts\": 7705, \"dur\": 3,"
                        + " \"args\": {\"op_name\": \"Gemm\"}}",
                run(9000, 1400), kernel("conv1", "FusedConv", 9100, 1000), kernel("fc", "Gemm", 10200, 100));

        RuntimeProfile profile = RuntimeProfile.fromTrace(trace, 1);

        assertEquals(2, profile.runs());
        assertEquals(1.2, profile.runMillis(), 1e-9);
        assertEquals(0.8, profile.opMillis().get("FusedConv"), 1e-9, "(600 + 1000) us over 2 runs");
        assertEquals(0.15, profile.opMillis().get("Gemm"), 1e-9, "fences are not kernel time");
        assertEquals(0.8 + 0.15 + 0.0005, profile.kernelMillis(), 1e-9);
        assertEquals(0.8005, profile.millisOf("Conv"), 1e-9, "FusedConv and Conv");
        assertEquals(3, RuntimeProfile.fromTrace(trace, 0).runs());
    }

    @Test
    void aTraceWithoutEnoughRunsIsRefused() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> RuntimeProfile.fromTrace(trace(run(0, 10)), 1));
        assertThrows(IllegalArgumentException.class, () -> RuntimeProfile.fromTrace(JSON.readTree("{}"), 0));
    }
}
