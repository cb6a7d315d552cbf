package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EventCodec;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.TopicAccess;
import io.cardeck.events.Topics;
import io.cardeck.outbox.EventEnvelope;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Prune requests: accepted ones are stored with their event and published; refused ones leave nothing. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class PruneJobIT {

    private static final String UNKNOWN_MODEL = "00000000-0000-4000-8000-000000000000";

    StandInPruner pruner;

    @Inject
    AgroalDataSource dataSource;

    private Database database;
    private String modelId;

    @BeforeEach
    void registerModel() {
        database = new Database(dataSource);
        modelId = pruner.register("to prune");
    }

    @Test
    void anAcceptedRequestIsPendingStoredAndPublished() {
        long requests = database.pruneRequests();
        long outbox = database.outbox();

        ExtractableResponse<Response> accepted = asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + modelId + "\", \"method\": \"magnitude\","
                        + " \"params\": {\"sparsity\": 0.5, \"keepDense\": [\"classifier\"]}}")
                .post("/api/prune-jobs").then()
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract();
        String jobId = accepted.path("id");
        assertEquals(jobId, UUID.fromString(jobId).toString());
        assertTrue(accepted.header("Location").endsWith("/api/prune-jobs/" + jobId), accepted.header("Location"));

        // The stand-in pruner-service does not know the job, so the gateway's own record answers.
        asAdmin().get("/api/prune-jobs/" + jobId).then()
                .statusCode(200)
                .body("id", equalTo(jobId))
                .body("modelId", equalTo(modelId))
                .body("method", equalTo("magnitude"))
                .body("params.sparsity", equalTo(0.5f))
                .body("params.keepDense[0]", equalTo("classifier"))
                .body("status", equalTo("PENDING"))
                .body("resultModelId", nullValue())
                .body("error", nullValue())
                .body("createdAt", equalTo(accepted.path("createdAt")))
                .body("updatedAt", equalTo(accepted.path("createdAt")));

        assertEquals(requests + 1, database.pruneRequests());
        assertEquals(outbox + 1, database.outbox());
        PruneRequested published = awaitPublished(jobId);
        assertEquals(modelId, published.modelId());
        assertEquals("magnitude", published.method());
        assertEquals(Map.of("sparsity", 0.5, "keepDense", List.of("classifier")), published.params());
    }

    static Stream<Arguments> refusedRequests() {
        String model = "\"modelId\": \"%s\"";
        return Stream.of(
                Arguments.of("unknown method", "{" + model + ", \"method\": \"lottery\", \"params\": {}}", 400,
                        libraryMessage("lottery", Map.of())),
                Arguments.of("sparsity out of range",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 1.5}}", 400,
                        libraryMessage("magnitude", Map.of("sparsity", 1.5))),
                Arguments.of("unknown parameter",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5, \"rate\": 2}}", 400,
                        libraryMessage("magnitude", Map.of("sparsity", 0.5, "rate", 2))),
                Arguments.of("required parameter missing", "{" + model + ", \"method\": \"magnitude\"}", 400,
                        libraryMessage("magnitude", Map.of())),
                Arguments.of("parameter of the wrong type",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": \"half\"}}", 400,
                        libraryMessage("magnitude", Map.of("sparsity", "half"))),
                Arguments.of("recovery out of range",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5,"
                                + " \"recovery\": {\"finetune\": {\"epochs\": 0}}}}", 400,
                        libraryMessage("magnitude", Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", 0))))),
                Arguments.of("unknown recovery parameter",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5,"
                                + " \"recovery\": {\"finetune\": {\"lr\": 0.1}}}}", 400,
                        "unknown parameter 'lr'"),
                Arguments.of("recovery not an object",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5, \"recovery\": true}}",
                        400, "parameter 'recovery' must be an object"),
                Arguments.of("parameters that make no sense together",
                        "{" + model + ", \"method\": \"lrr\", \"params\": {\"targetSparsity\": 0.9, \"rounds\": 3,"
                                + " \"ratePerRound\": 0.5}}", 400,
                        "give rounds or ratePerRound, not both (got rounds 3 and ratePerRound 0.5)"),
                Arguments.of("parameters whose rounds exceed the limit",
                        "{" + model + ", \"method\": \"lrr\", \"params\": {\"targetSparsity\": 0.99,"
                                + " \"ratePerRound\": 0.01}}", 400,
                        libraryMessage("lrr", Map.of("targetSparsity", 0.99, "ratePerRound", 0.01))),
                Arguments.of("parameter null",
                        "{" + model + ", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5, \"keepDense\": null}}",
                        400, "params.keepDense is null; leave a parameter out to use its default"),
                Arguments.of("params not an object", "{" + model + ", \"method\": \"magnitude\", \"params\": [0.5]}",
                        400, "params must be a JSON object"),
                Arguments.of("modelId missing", "{\"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5}}", 400,
                        "modelId is missing; expected a UUID"),
                Arguments.of("modelId not a UUID", "{\"modelId\": \"lenet\", \"method\": \"magnitude\"}", 400,
                        "modelId 'lenet' is not a UUID"),
                Arguments.of("modelId not a string", "{\"modelId\": 7, \"method\": \"magnitude\"}", 400,
                        "modelId must be a string"),
                Arguments.of("method missing", "{" + model + ", \"params\": {\"sparsity\": 0.5}}", 400,
                        "method is missing"),
                Arguments.of("unknown field", "{" + model + ", \"method\": \"magnitude\", \"priority\": 1}", 400,
                        "field 'priority' is not accepted; accepted fields: modelId, method, params"),
                Arguments.of("body not JSON", "{\"modelId\": ", 400, "the request body is not valid JSON"),
                Arguments.of("body not an object", "[\"magnitude\"]", 400, "the request body must be a JSON object"),
                Arguments.of("body empty", "", 400, "the request body is missing"),
                Arguments.of("model not registered",
                        "{\"modelId\": \"" + UNKNOWN_MODEL + "\", \"method\": \"magnitude\","
                                + " \"params\": {\"sparsity\": 0.5}}", 404,
                        "modelId " + UNKNOWN_MODEL + " names no registered model (model " + UNKNOWN_MODEL + " not found)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedRequests")
    void aRefusedRequestSaysWhyAndStoresNothing(String problem, String body, int status, String message) {
        long requests = database.pruneRequests();
        long outbox = database.outbox();
        asAdmin().contentType("application/json").body(body.formatted(modelId)).post("/api/prune-jobs").then()
                .statusCode(status)
                .contentType("application/json")
                .body("error", containsString(message));
        assertEquals(requests, database.pruneRequests(), "no prune request may be stored for: " + problem);
        assertEquals(outbox, database.outbox(), "no event may be written for: " + problem);
    }

    @Test
    void aModelTheMethodCannotPruneIs422NamingTheNodeAndNothingIsStored() {
        String reshaped = pruner.register("reshaped", TestModels.reshapedConvolution());
        long requests = database.pruneRequests();
        long outbox = database.outbox();
        asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + reshaped + "\", \"method\": \"l1-filter\", \"params\": {\"ratio\": 0.5}}")
                .post("/api/prune-jobs").then()
                .statusCode(422)
                .contentType("application/json")
                .body("error", containsString("node 'to-rows' (Reshape)"));
        // Parameters that do not fit the model (a layer it does not have) are the request's fault: 400.
        String lenet = pruner.register("lenet", OnnxModel.parse(TestModels.lenet(), "lenet"));
        asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + lenet + "\", \"method\": \"magnitude\","
                        + " \"params\": {\"sparsity\": 0.5, \"keepDense\": [\"conv9\"]}}")
                .post("/api/prune-jobs").then()
                .statusCode(400)
                .body("error", containsString("keepDense names no layer: 'conv9'"));
        asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + lenet + "\", \"method\": \"l1-filter\", \"params\": {\"ratio\": 0.5}}")
                .post("/api/prune-jobs").then()
                .statusCode(202);
        assertEquals(requests + 1, database.pruneRequests(), "only the request that passed is stored");
        assertEquals(outbox + 1, database.outbox());
    }

    @Test
    void aPendingJobIsCancelledThroughThePrunerServiceWithItsRequest() {
        String jobId = asAdmin().contentType("application/json")
                .body("{\"modelId\": \"" + modelId + "\", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.4}}")
                .post("/api/prune-jobs").then().statusCode(202).extract().path("id");

        asAdmin().post("/api/prune-jobs/" + jobId + "/cancel").then()
                .statusCode(200)
                .body("id", equalTo(jobId))
                .body("status", equalTo("CANCELLED"))
                .body("modelId", equalTo(modelId))
                .body("params.sparsity", equalTo(0.4f));
        // The pruner-service had not received the request: it got the request with the cancellation.
        String sent = pruner.cancellations().get(pruner.cancellations().size() - 1);
        assertTrue(sent.contains("\"modelId\":\"" + modelId + "\"") && sent.contains("\"method\":\"magnitude\""), sent);
        asAdmin().get("/api/prune-jobs/" + jobId).then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void cancellingAFinishedJobIsAConflictAndAnUnknownJobIsNotFound() {
        String finished = pruner.finishedJob(modelId);
        asAdmin().post("/api/prune-jobs/" + finished + "/cancel").then()
                .statusCode(409)
                .contentType("application/json")
                .body("error", equalTo("prune job " + finished + " is SUCCEEDED; only a PENDING or RUNNING job can be cancelled"));
        String unknown = UUID.randomUUID().toString();
        asAdmin().post("/api/prune-jobs/" + unknown + "/cancel").then()
                .statusCode(404)
                .body("error", equalTo("prune job " + unknown + " is unknown"));
        assertEquals("", pruner.cancellations().get(pruner.cancellations().size() - 1),
                "the gateway has no request to send for a job it does not know");
        asAdmin().post("/api/prune-jobs/job-1/cancel").then()
                .statusCode(400)
                .body("error", containsString("job id 'job-1' is not a UUID"));
    }

    @Test
    void aJobNeitherServiceKnowsIsNotFound() {
        String jobId = UUID.randomUUID().toString();
        asAdmin().get("/api/prune-jobs/" + jobId).then()
                .statusCode(404)
                .body("error", equalTo("prune job " + jobId + " is unknown"));
        asAdmin().get("/api/prune-jobs/job-1").then()
                .statusCode(400)
                .body("error", containsString("job id 'job-1' is not a UUID"));
    }

    /** What the pruning library says about these parameters: the gateway passes its message on. */
    private static String libraryMessage(String method, Map<String, Object> params) {
        InvalidParameterException refusal = assertThrows(InvalidParameterException.class,
                () -> MethodCatalog.validate(method, params));
        return refusal.getMessage();
    }

    private PruneRequested awaitPublished(String jobId) {
        Map<String, Object> config = KafkaBus.settings(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "prune-job-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.PRUNE_REQUESTS));
            Instant deadline = Instant.now().plusSeconds(60);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    CardeckEvent event = EventCodec.decode(record.value());
                    if (event instanceof PruneRequested requested && requested.jobId().equals(jobId)) {
                        assertEquals(jobId, record.key(), "the job id is the record key");
                        assertEquals(Optional.of(TopicAccess.GATEWAY), EventEnvelope.writer(record.headers()),
                                "the outbox names the gateway as the writer");
                        return requested;
                    }
                }
            }
        }
        return fail("no PruneRequested for job " + jobId + " on " + Topics.PRUNE_REQUESTS + " within 60 s");
    }
}
