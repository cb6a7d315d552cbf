package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ClassNames;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime budget of an upload's check and the bound on checks at once (one, in this profile). */
@QuarkusTest
@TestProfile(UploadLimitsProfile.class)
class UploadLimitsIT {

    StandInPruner pruner;

    @Test
    void aModelOverTheRuntimeBudgetIsRefusedAndKeepsItsPlaceUntilOnnxRuntimeReturns() throws Exception {
        byte[] slow = TestModels.slowConvolutions(60);
        int before = pruner.uploads().size();

        Response first = upload(slow);
        assertEquals(422, first.statusCode(), first.asString());
        assertTrue(first.<String>path("error").contains("ONNX Runtime did not load the model and run one zero image"
                + " within 1 ms (cardeck.gateway.uploads.runtime-timeout)"), first.asString());

        // The refused model's trial still runs in ONNX Runtime, which cannot be interrupted: it holds the one place.
        Response second = upload(TestModels.lenet());
        assertEquals(429, second.statusCode(), second.asString());
        assertEquals("1", second.getHeader("Retry-After"));
        assertTrue(second.<String>path("error").contains("the gateway checks 1 uploads at once"), second.asString());
        assertEquals(before, pruner.uploads().size(), "nothing refused may reach the registry");

        // Once ONNX Runtime returns, the place is free again: the next upload is checked. The slow model's
        // run takes about 3 s on a quiet 2-core machine and over a minute on a loaded one.
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int status = 429;
        while (status == 429 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = upload(TestModels.lenet()).statusCode();
        }
        assertNotEquals(429, status, "an upload once the place was free");
    }

    private static Response upload(byte[] model) {
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
