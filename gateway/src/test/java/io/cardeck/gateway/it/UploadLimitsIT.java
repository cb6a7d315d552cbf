package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ClassNames;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime budget of an upload's check (1 ms in this profile, which no model meets), one check at a time. */
@QuarkusTest
@TestProfile(UploadLimitsProfile.class)
class UploadLimitsIT {

    /** About 3 s of ONNX Runtime on a quiet 2-core machine. */
    static final int SLOW_LAYERS = 1500;

    StandInPruner pruner;

    @Test
    void aModelOverTheRuntimeBudgetIsRefusedAndItsRunStoppedSoItsPlaceIsFreeAtOnce() throws Exception {
        byte[] slow = TestModels.slowConvolutions(SLOW_LAYERS);
        Duration whole = timeInOnnxRuntime(slow);
        int before = pruner.uploads().size();

        Response first = upload(slow);
        long refusedAt = System.nanoTime();
        assertEquals(422, first.statusCode(), first.asString());
        assertTrue(first.<String>path("error").contains("ONNX Runtime did not load the model and run one zero image"
                + " within 1 ms (cardeck.gateway.uploads.runtime-timeout)"), first.asString());
        assertEquals(before, pruner.uploads().size(), "nothing refused may reach the registry");

        // Its run is stopped, not left to end: the one place is free again long before the run would have ended.
        Response next = upload(TestModels.lenet());
        while (next.statusCode() == 429 && System.nanoTime() - refusedAt < Duration.ofMinutes(4).toNanos()) {
            Thread.sleep(20);
            next = upload(TestModels.lenet());
        }
        Duration freed = Duration.ofNanos(System.nanoTime() - refusedAt);
        // Checked, not refused for want of a place: over the 1 ms budget like every model.
        assertEquals(422, next.statusCode(), next.asString());
        assertTrue(next.<String>path("error").contains("did not load the model and run one zero image"), next.asString());
        assertTrue(freed.compareTo(whole.dividedBy(2)) < 0, "the place was free again " + freed.toMillis()
                + " ms after the refusal; ONNX Runtime loads and runs the model whole in " + whole.toMillis() + " ms");
        System.out.printf("UploadLimitsIT: the place was free %d ms after the refusal; the model's whole run takes %d ms%n",
                freed.toMillis(), whole.toMillis());
    }

    /** Loads the model and runs one zero image in this process, as the gateway's check would without a budget. */
    static Duration timeInOnnxRuntime(byte[] model) {
        long start = System.nanoTime();
        try (ModelSession session = InferenceSessions.open(OnnxModel.parse(model, "slow", model.length),
                SessionOptionsSpec.cpu())) {
            session.run(new float[session.sampleSize()], 1);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static Response upload(byte[] model) {
        return asAdmin().multiPart("file", "model.onnx", model, "application/octet-stream")
                .multiPart("metadata", metadata()).post("/api/models");
    }

    private static String metadata() {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("name", "m", "dataset", TestModels.DATASET,
                    "labels", ClassNames.FASHION_MNIST));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
