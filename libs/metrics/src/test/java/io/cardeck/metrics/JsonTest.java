package io.cardeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Results are written as JSON by the services and the command line; they must round-trip. */
class JsonTest {

    private final ObjectMapper mapper = new ObjectMapper();

    private <T> T roundTrip(T value, Class<T> type) throws Exception {
        return mapper.readValue(mapper.writeValueAsString(value), type);
    }

    @Test
    void classificationMetricsRoundTrip() throws Exception {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(3);
        accumulator.addLogits(new float[] {1f, 2f, 3f, 0f, 5f, 1f}, new int[] {2, 0});
        ClassificationMetrics metrics = accumulator.result();
        assertEquals(metrics, roundTrip(metrics, ClassificationMetrics.class));
        JsonNode json = mapper.readTree(mapper.writeValueAsString(metrics));
        assertEquals(0.5, json.get("accuracy").asDouble());
        assertEquals(15, json.get("calibrationBins").size());
    }

    @Test
    void robustnessResultsRoundTripIncludingUnavailableMeans() throws Exception {
        List<CorruptionCell> cells = RobustnessResultTest.cells(RobustnessResultTest.STANDARD, new Random(8), "fog/s1");
        RobustnessResult result = RobustnessResult.of(new CorruptionGrid(0.9, 100, cells), RobustnessResultTest.STANDARD);
        assertEquals(result, roundTrip(result, RobustnessResult.class));
        JsonNode json = mapper.readTree(mapper.writeValueAsString(result));
        assertTrue(json.get("robustAccuracy").get("value").isNull());
        assertTrue(json.get("robustAccuracy").get("unavailableReason").asText().contains("fog/s1"));
        assertEquals(0.9, json.get("grid").get("cleanAccuracy").asDouble());
    }

    @Test
    void corruptionErrorsAndSpectraRoundTrip() throws Exception {
        CorruptionErrors errors = new CorruptionErrors(List.of(new CorruptionError("fog", 0.8, 0.7)), 0.8, 0.7);
        assertEquals(errors, roundTrip(errors, CorruptionErrors.class));
        Spectrum spectrum = new Spectrum(2, 2, new double[] {0.5, 1, 2, 3});
        assertEquals(spectrum, roundTrip(spectrum, Spectrum.class));
        assertEquals("{\"height\":2,\"width\":2,\"values\":[0.5,1.0,2.0,3.0]}", mapper.writeValueAsString(spectrum));
    }
}
