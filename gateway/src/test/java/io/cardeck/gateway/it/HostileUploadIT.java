package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ClassNames;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.admission.HostileModels;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Models built to exhaust the gateway are refused from their graph, quickly, before ONNX Runtime
 * loads them, and the gateway goes on serving.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class HostileUploadIT {

    private static final Duration QUICKLY = Duration.ofSeconds(10);

    StandInPruner pruner;

    @Test
    void aModelThatWouldAllocateFourGigabytesIsRefusedQuickly() {
        // 1024^3 float zeros: 4 GiB, 16 times the default limit of 64 Mi elements.
        Response response = uploadTimed(HostileModels.constantOfShape(1024, 1024, 1024));
        assertEquals(422, response.statusCode(), response.asString());
        String error = response.path("error");
        assertTrue(error.contains("node 'fill' (ConstantOfShape) would make a tensor of 1073741824 elements"), error);
        assertTrue(error.contains("more than the limit of 67108864 elements per tensor"), error);
        stillServes();
    }

    @Test
    void aModelOfAdmittedOperatorsWhoseTensorsWouldTakeATerabyteIsRefusedQuickly() {
        // No constant says how large: Reshape and MatMul of the pixels, 1.5 TB of floats per image.
        Response response = uploadTimed(HostileModels.outerProducts());
        assertEquals(422, response.statusCode(), response.asString());
        String error = response.path("error");
        assertTrue(error.contains("node 'hypercube' (MatMul) would make a tensor of 377801998336 elements"), error);
        stillServes();
    }

    @Test
    void aLoopOfABillionTripsIsRefusedQuickly() {
        Response response = uploadTimed(HostileModels.loop(1_000_000_000L));
        assertEquals(422, response.statusCode(), response.asString());
        String error = response.path("error");
        assertTrue(error.contains("node 'spin' (Loop) is not an operator cardeck's services run"), error);
        assertTrue(error.contains("accepted: Add, AveragePool, BatchNormalization"), error);
        stillServes();
    }

    @Test
    void aModelThatDeclaresGigabytesOfWeightsIsRefused() {
        Response response = uploadTimed(HostileModels.declaredWeights(300L * 1024 * 1024));
        assertEquals(422, response.statusCode(), response.asString());
        assertTrue(response.<String>path("error").contains("more than the limit of 67108864 bytes"), response.asString());
    }

    private Response uploadTimed(OnnxModel model) {
        int before = pruner.uploads().size();
        long start = System.nanoTime();
        Response response = asAdmin().multiPart("file", "hostile.onnx", model.toBytes(), "application/octet-stream")
                .multiPart("metadata", metadata()).post("/api/models");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(QUICKLY) < 0, "refused after " + took);
        assertEquals(before, pruner.uploads().size(), "nothing may reach the registry");
        return response;
    }

    /** Live, and a real model is still checked, loaded and forwarded. */
    private void stillServes() {
        RestAssured.get("/q/health/live").then().statusCode(200);
        asAdmin().multiPart("file", "lenet.onnx", TestModels.lenet(), "application/octet-stream")
                .multiPart("metadata", metadata()).post("/api/models")
                .then().statusCode(201).body("name", containsString("lenet"));
    }

    private static String metadata() {
        try {
            return new ObjectMapper().writeValueAsString(Map.of("name", "lenet", "dataset", TestModels.DATASET,
                    "labels", ClassNames.FASHION_MNIST));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
