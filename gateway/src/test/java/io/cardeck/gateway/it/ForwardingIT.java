package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reads forwarded to the peers: a peer's 404 passes on with its message, a peer that is down is
 * 503 naming it (the evaluator-service is down in these tests), and ids are checked before any
 * call. Whatever the failure, the answer is {@code {"error": ...}}.
 */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class ForwardingIT {

    StandInPruner pruner;

    @Test
    void anUnknownModelIsThePrunerServicesNotFound() {
        String id = UUID.randomUUID().toString();
        asAdmin().get("/api/models/" + id).then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("model " + id + " not found"));
        asAdmin().get("/api/models/" + id + "/onnx").then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("model " + id + " not found"));
    }

    /** A model card passes through as the registry has it (Markdown, UTF-8); the registry's refusals pass on too. */
    @Test
    void aModelCardIsTheRegistrysAndAModelWithoutOneIsItsNotFound() {
        String card = "# Model card: lenet5-augmix\n\n- **Robust accuracy**: 84.64% – the mean over 15 x 5 cells\n";
        String withCard = pruner.registerWithCard("lenet5-augmix", card);
        String withoutCard = pruner.register("upload-without-card");
        asAdmin().get("/api/models/" + withCard).then().statusCode(200).body("hasCard", equalTo(true));
        asAdmin().get("/api/models/" + withoutCard).then().statusCode(200).body("hasCard", equalTo(false));
        String answered = asAdmin().accept("text/markdown").get("/api/models/" + withCard + "/card").then()
                .statusCode(200)
                .contentType(startsWith("text/markdown"))
                .extract().asString();
        assertEquals(card, answered);
        asAdmin().get("/api/models/" + withoutCard + "/card").then()
                .statusCode(404)
                .body("error", equalTo("model " + withoutCard + " has no model card"));
        String unknown = UUID.randomUUID().toString();
        asAdmin().get("/api/models/" + unknown + "/card").then().statusCode(404)
                .body("error", equalTo("model " + unknown + " not found"));
        asAdmin().get("/api/models/lenet/card").then().statusCode(400)
                .body("error", startsWith("model id 'lenet' is not a UUID"));
    }

    @Test
    void malformedIdsAreRefusedBeforeAnyCall() {
        asAdmin().get("/api/models/lenet").then()
                .statusCode(400)
                .body("error", startsWith("model id 'lenet' is not a UUID"));
        asAdmin().get("/api/models/lenet/onnx").then().statusCode(400);
        asAdmin().get("/api/evaluations?modelId=lenet").then()
                .statusCode(400)
                .body("error", startsWith("modelId 'lenet' is not a UUID"));
        asAdmin().get("/api/evaluations/eval.1").then()
                .statusCode(400)
                .body("error", startsWith("evaluation id 'eval.1' is not accepted"));
        // Asked for as CSV, a refusal is still the error object
        asAdmin().accept("text/csv").get("/api/evaluations/eval.1").then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", startsWith("evaluation id 'eval.1' is not accepted"));
        asAdmin().get("/api/evaluations/" + UUID.randomUUID() + "?format=xml").then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", startsWith("format 'xml' is not accepted; accepted: json, csv"));
    }

    @Test
    void anUnavailableEvaluatorServiceIs503NamingItButNotItsAddress() {
        asAdmin().get("/api/evaluations?modelId=" + UUID.randomUUID()).then()
                .statusCode(503)
                .contentType("application/json")
                .body("error", equalTo("evaluator-service is unavailable; try again later"));
        asAdmin().get("/api/evaluations/" + UUID.randomUUID()).then()
                .statusCode(503)
                .body("error", startsWith("evaluator-service is unavailable"));
        asAdmin().get("/api/evaluations/" + UUID.randomUUID() + "?format=csv").then()
                .statusCode(503)
                .contentType("application/json")
                .body("error", startsWith("evaluator-service is unavailable"));
        asAdmin().accept("text/csv").get("/api/evaluations/" + UUID.randomUUID()).then()
                .statusCode(503)
                .contentType("application/json")
                .body("error", startsWith("evaluator-service is unavailable"));
    }

    @Test
    void inferenceWhileTheEnsembleServiceIsDownIs503NamingIt() {
        asAdmin().contentType("application/json").body("{\"inputs\": []}").post("/v2/models/deck1/infer").then()
                .statusCode(503)
                .contentType("application/json")
                .body("error", equalTo("ensemble-service is unavailable; try again later"));
        asAdmin().contentType("application/octet-stream").header("Inference-Header-Content-Length", "2")
                .body(new byte[] {'{', '}', 0, 0, 0, 0}).post("/v2/models/deck1/infer").then()
                .statusCode(503)
                .body("error", startsWith("ensemble-service is unavailable"));
    }

    @Test
    void inferenceRequestsTheGatewayCanJudgeAreRefusedBeforeAnyCall() {
        asAdmin().contentType("application/octet-stream").header("Inference-Header-Content-Length", "7")
                .body(new byte[] {'{', '}'}).post("/v2/models/deck1/infer").then()
                .statusCode(400)
                .body("error", startsWith("Inference-Header-Content-Length is 7, but the body holds only 2 bytes"));
        asAdmin().contentType("application/json").header("Inference-Header-Content-Length", "two")
                .body("{}").post("/v2/models/deck1/infer").then()
                .statusCode(400)
                .body("error", startsWith("Inference-Header-Content-Length must be the byte length"));
        asAdmin().contentType("application/json").body("{}").post("/v2/models/DeckOne/infer").then()
                .statusCode(400)
                .body("error", startsWith("deck name 'DeckOne' is not accepted"));
    }

    @Test
    void badGateSettingsOfADeckAreRefusedBeforeAnyCall() {
        String members = "\"name\": \"deck1\", \"members\": [{\"modelId\": \"" + UUID.randomUUID() + "\", \"domain\": \"gauss\"}]";
        asAdmin().contentType("application/json").body("{" + members + ", \"gating\": {\"feature\": \"bands\", \"bands\": 12}}")
                .post("/api/decks").then()
                .statusCode(400)
                .contentType("application/json")
                .body("error", startsWith("invalid deck: gating: bands must be between 2 and 8, got 12"));
        asAdmin().contentType("application/json").body("{" + members + ", \"gating\": {\"weighting\": \"soft\", \"temperature\": -1}}")
                .post("/api/decks").then()
                .statusCode(400)
                .body("error", startsWith("invalid deck: gating: temperature must be between 0.001 and 1000.0, got -1.0"));
        // Good settings reach the ensemble-service, which is down here
        asAdmin().contentType("application/json").body("{" + members + ", \"gating\": {\"weighting\": \"soft\", \"temperature\": 0.3,"
                + " \"feature\": \"bands\", \"bands\": 4, \"k\": 1}}")
                .post("/api/decks").then()
                .statusCode(503)
                .body("error", startsWith("ensemble-service is unavailable"));
    }

    @Test
    void whatHttpRefusesIsAnErrorObjectToo() {
        asAdmin().get("/api/nothing-here").then().statusCode(404).contentType("application/json")
                .body("error", not(emptyOrNullString()));
        asAdmin().delete("/api/models").then().statusCode(405).contentType("application/json")
                .body("error", not(emptyOrNullString()));
        asAdmin().contentType("text/plain").body("prune it").post("/api/prune-jobs").then()
                .statusCode(415).contentType("application/json")
                .body("error", not(emptyOrNullString()));
    }
}
