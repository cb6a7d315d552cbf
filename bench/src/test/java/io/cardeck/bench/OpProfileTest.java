package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OpProfileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String event(String name, double start, double duration, int thread) {
        return "{\"name\": \"" + name + "\", \"ph\": \"X\", \"ts\": " + start + ", \"dur\": " + duration + ", \"tid\": "
                + thread + ", \"pid\": \"CPU Functions\", \"args\": {}}";
    }

    private static JsonNode trace(String... events) throws Exception {
        return JSON.readTree("[" + String.join(",\n", events) + "]");
    }

    @Test
    void selfTimeIsTheDurationLessTheEventsDirectlyInside() throws Exception {
        // backward [0, 1000) holds conv [100, 700), which holds copy [200, 300) and empty [650, 700) that
        // ends where conv ends; add [1000, 1200) follows; thread 2 runs its own conv.
        JsonNode trace = trace(
                event("aten::add", 1000, 200, 1),
                event("backward", 0, 1000, 1),
                event("aten::convolution_backward", 100, 600, 1),
                event("aten::copy_", 200, 100, 1),
                event("aten::empty", 650, 50, 1),
                event("aten::convolution_backward", 0, 400, 2),
                "{\"name\": \"flow\", \"ph\": \"s\", \"ts\": 5, \"tid\": 1}");

        OpProfile profile = OpProfile.fromChromeTrace(trace, 2, 0.01);

        assertEquals(0.4, profile.ops().get("backward").selfMillis(), 1e-9);
        assertEquals(0.45 + 0.4, profile.ops().get("aten::convolution_backward").selfMillis(), 1e-9);
        assertEquals(2, profile.ops().get("aten::convolution_backward").calls());
        assertEquals(0.1, profile.ops().get("aten::copy_").selfMillis(), 1e-9);
        assertEquals(0.05, profile.ops().get("aten::empty").selfMillis(), 1e-9);
        assertEquals(0.2, profile.ops().get("aten::add").selfMillis(), 1e-9);
        assertEquals(5, profile.ops().size(), "only complete events count");
        // all self time is the time covered on each thread: 1.2 ms + 0.4 ms over 2 steps
        assertEquals(0.8, profile.opsMillisPerStep(), 1e-9);
        assertEquals(5, profile.wallMillisPerStep(), 1e-9);
    }

    @Test
    void readsThePythonSidesProfile() throws Exception {
        OpProfile profile = OpProfile.fromPython(JSON.readTree("{\"steps\": 4, \"seconds\": 2.0, \"ops\": ["
                + "{\"op\": \"aten::mm\", \"self_ms\": 12.0, \"calls\": 24},"
                + "{\"op\": \"aten::add\", \"self_ms\": 4.0, \"calls\": 8}]}"));

        assertEquals(4, profile.steps());
        assertEquals(new OpProfile.OpTime(12.0, 24), profile.ops().get("aten::mm"));
        assertEquals(4.0, profile.opsMillisPerStep(), 1e-9);
        assertEquals(500, profile.wallMillisPerStep(), 1e-9);
    }

    @Test
    void comparisonListsTheCostliestOpsOfEitherSideThenTheRestAndWhatLiesOutsideOps() {
        OpProfile ours = new OpProfile(2, 0.1, java.util.Map.of(
                "conv", new OpProfile.OpTime(60, 4), "copy", new OpProfile.OpTime(10, 8), "add", new OpProfile.OpTime(2, 6)));
        OpProfile theirs = new OpProfile(1, 0.04, java.util.Map.of(
                "conv", new OpProfile.OpTime(25, 2), "mm", new OpProfile.OpTime(8, 3), "add", new OpProfile.OpTime(1, 3)));

        String table = OpProfile.comparison("cardeck", ours, "PyTorch", theirs, 2);

        String[] lines = table.split("\n");
        assertTrue(lines[2].matches("\\| conv +\\| +30\\.00 \\| +2 \\| +25\\.00 \\| +2 \\| +5\\.00 \\|"), lines[2]);
        // mm (8 ms/step on the right) outranks copy (5 ms/step on the left); an op one side lacks shows '-'
        assertTrue(lines[3].matches("\\| mm +\\| +0\\.00 \\| +- \\| +8\\.00 \\| +3 \\| +-8\\.00 \\|"), lines[3]);
        assertTrue(lines[4].matches("\\| other ops \\(2\\) +\\| +6\\.00 \\| +\\| +1\\.00 \\| +\\| +5\\.00 \\|"), lines[4]);
        assertTrue(lines[5].matches("\\| all ops +\\| +36\\.00 \\| +\\| +34\\.00 \\| +\\| +2\\.00 \\|"), lines[5]);
        assertTrue(lines[6].matches("\\| step \\(wall, profiled\\) +\\| +50\\.00 \\| +\\| +40\\.00 \\| +\\| +10\\.00 \\|"), lines[6]);
        assertTrue(lines[7].matches("\\| outside ops \\(wall - ops\\) +\\| +14\\.00 \\| +\\| +6\\.00 \\| +\\| +8\\.00 \\|"), lines[7]);
    }

    @Test
    void rejectsWhatIsNotAProfile() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> OpProfile.fromChromeTrace(JSON.readTree("{}"), 1, 1));
        IllegalArgumentException noDuration = assertThrows(IllegalArgumentException.class, () -> OpProfile.fromChromeTrace(
                JSON.readTree("[{\"name\": \"aten::add\", \"ph\": \"X\", \"ts\": 1}]"), 1, 1));
        assertTrue(noDuration.getMessage().contains("lacks a name, ts or dur"), noDuration.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OpProfile.fromPython(JSON.readTree("{\"steps\": 1}")));
        assertThrows(IllegalArgumentException.class, () -> new OpProfile(0, 1, java.util.Map.of()));
    }
}
