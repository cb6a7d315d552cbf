package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A prune request checked against its model before the gateway accepts it (POST /prune-jobs/check):
 * each kind of bad request gets its status and a reason that names what is wrong.
 */
@QuarkusTest
class RequestCheckIT {

    @Test
    void aRequestAJobCanRunIsAccepted() {
        String model = Registry.register(TestModels.reshapedConvolution(), "checked");
        check(model, "magnitude", Map.of("sparsity", 0.5)).then().statusCode(204);
        check(model, "lrr", Map.of("targetSparsity", 0.9)).then().statusCode(204);
    }

    @Test
    void aModelTheMethodCannotPruneIs422NamingTheNode() {
        String model = Registry.register(TestModels.reshapedConvolution(), "reshaped");
        check(model, "l1-filter", Map.of("ratio", 0.5)).then()
                .statusCode(422)
                .contentType("application/json")
                .body("error", containsString("node 'to-rows' (Reshape)"));
    }

    @Test
    void parametersThatDoNotFitTheModelOrTheMethodAre400WithTheReason() {
        String model = Registry.register(TestModels.mlp(8, 61), "checked-params");
        check(model, "magnitude", Map.of("sparsity", 0.5, "keepDense", List.of("nope"))).then()
                .statusCode(400)
                .body("error", containsString("keepDense names no layer: 'nope'"));
        check(model, "magnitude", Map.of("sparsity", 1.5)).then()
                .statusCode(400)
                .body("error", containsString("parameter 'sparsity' must be less than 1, got 1.5"));
        check(model, "lrr", Map.of("targetSparsity", 0.9, "rounds", 3, "ratePerRound", 0.5)).then()
                .statusCode(400)
                .body("error", containsString("give rounds or ratePerRound, not both"));
        check(model, "lottery", Map.of()).then()
                .statusCode(400)
                .body("error", containsString("unknown pruning method 'lottery'"));
    }

    @Test
    void anUnknownModelIs404AndAMissingBody400() {
        String unknown = UUID.randomUUID().toString();
        check(unknown, "magnitude", Map.of("sparsity", 0.5)).then()
                .statusCode(404)
                .body("error", equalTo("no model with id '" + unknown + "' in the registry"));
        given().post("/prune-jobs/check").then()
                .statusCode(400)
                .body("error", containsString("the body is missing"));
    }

    private static io.restassured.response.Response check(String modelId, String method, Map<String, Object> params) {
        return given().contentType("application/json")
                .body(Map.of("modelId", modelId, "method", method, "params", params))
                .post("/prune-jobs/check");
    }
}
