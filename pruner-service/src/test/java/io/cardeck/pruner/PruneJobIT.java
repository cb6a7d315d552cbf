package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.EventCodec;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.events.PruneFailed;
import io.cardeck.events.PruneProgressed;
import io.cardeck.events.PruneRequested;
import io.cardeck.events.PruneSucceeded;
import io.cardeck.events.Topics;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.ModelDigest;
import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PruneJobIT {

    private static final int HIDDEN = 32;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void magnitudePruningStoresAPrunedModelWithLineageAndAnnouncesIt() {
        String parent = Registry.register(TestModels.mlp(HIDDEN, 11), "mlp-parent");
        String parentSha = given().get("/models/" + parent).path("sha256");
        double succeededBefore = Metrics.value("cardeck_prune_jobs_total", "magnitude", "succeeded");
        String jobId = UUID.randomUUID().toString();

        // keepDense [] prunes the classifier too, so 90% of every weight is zero.
        KafkaTopics.send(Jobs.request(jobId, parent, "magnitude", Map.of("sparsity", 0.9, "allocation", Map.of("type", "global"),
                "keepDense", List.of())));

        JsonPath job = Jobs.awaitFinished(jobId);
        assertEquals("SUCCEEDED", job.getString("status"), job.prettify());
        assertEquals(parent, job.getString("modelId"));
        assertEquals("magnitude", job.getString("method"));
        assertEquals(0.9, job.getDouble("params.sparsity"), 0);
        assertNull(job.get("error"));
        String result = job.getString("resultModelId");

        long weights = TestModels.mlpWeights(HIDDEN);
        long zeros = Math.round(0.9 * weights);
        JsonPath model = given().get("/models/" + result).then().statusCode(200).extract().jsonPath();
        assertEquals("PRUNED", model.getString("origin"));
        assertEquals(parent, model.getString("parentId"));
        assertEquals("fashion-mnist", model.getString("dataset"));
        assertEquals(TestModels.LABELS, model.getList("labels", String.class));
        assertEquals(List.of(1, 28, 28), model.getList("inputShape", Integer.class));
        assertEquals("mlp-parent / magnitude allocation={type=global, band=0.08, outlierThreshold=5.0, generations=10,"
                + " population=12, fitnessImages=256, seed=0} calibrationImages=128 keepDense=[] maxLayerSparsity=1.0"
                + " sparsity=0.9",
                model.getString("name"), "the parameters with their defaults, in name order");
        assertEquals(TestModels.mlpParameters(HIDDEN), model.getLong("parameters"));
        assertEquals(TestModels.mlpParameters(HIDDEN) - zeros, model.getLong("nonZeroParameters"));
        assertEquals(weights, model.getLong("macs"), "pruning zeroes weights, it does not remove them");
        assertEquals("magnitude", model.getString("lineage.method"));
        assertEquals(Set.of("sparsity", "allocation", "keepDense", "maxLayerSparsity", "calibrationImages"),
                model.getMap("lineage.parameters").keySet());
        assertEquals(0.9, model.getDouble("lineage.parameters.sparsity"), 0);
        assertEquals("global", model.getString("lineage.parameters.allocation.type"));
        assertEquals(Set.of("w1", "w2"), model.getMap("lineage.layerSparsity").keySet());
        assertEquals(parentSha, model.getString("lineage.parentSha256"));

        Response download = given().get("/models/" + result + "/onnx");
        download.then().statusCode(200);
        byte[] onnx = download.asByteArray();
        assertEquals(ModelDigest.sha256(onnx), download.header("X-Cardeck-Sha256"));
        assertEquals(model.getString("sha256"), download.header("X-Cardeck-Sha256"));
        OnnxModel pruned = OnnxModel.parse(onnx, "pruned");
        OnnxGraph graph = pruned.graph();
        assertEquals(zeros, zerosIn(graph, "w1") + zerosIn(graph, "w2"), "90% of the prunable weights are zero");
        assertEquals(0, zerosIn(graph, "b1") + zerosIn(graph, "b2"), "biases are not pruned");
        ModelMetadata metadata = pruned.metadata();
        assertEquals("fashion-mnist", metadata.dataset());
        assertEquals(TestModels.LABELS, metadata.labels());
        Lineage lineage = metadata.lineage();
        assertEquals(parent, lineage.parentModelId());
        assertEquals(parentSha, lineage.parentSha256());

        PruneSucceeded succeeded = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneSucceeded.class, e -> e.jobId().equals(jobId));
        assertEquals(parent, succeeded.parentModelId());
        assertEquals(result, succeeded.resultModelId());
        ModelReady ready = KafkaTopics.awaitEvent(Topics.MODELS_READY, ModelReady.class, e -> e.modelId().equals(result));
        assertEquals(ModelOrigin.PRUNED, ready.origin());
        assertEquals(parent, ready.parentModelId());
        assertEquals(model.getString("sha256"), ready.sha256());
        List<PruneProgressed> progress = KafkaTopics.all(Topics.PRUNE_EVENTS, PruneProgressed.class).stream()
                .filter(e -> e.jobId().equals(jobId)).toList();
        assertEquals("started", progress.get(0).stage());
        assertEquals(0.0, progress.get(0).percent());
        assertEquals("stored", progress.get(progress.size() - 1).stage());
        assertEquals(100.0, progress.get(progress.size() - 1).percent());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i).percent() >= progress.get(i - 1).percent(), "progress never goes back: " + progress);
        }
        assertEquals(1, job.getInt("attempts"));
        assertEquals(100.0, job.getDouble("percent"));
        assertEquals(Map.of("dataset", "fashion-mnist", "split", "train", "seed", 0, "validationImages", 5000),
                model.getMap("lineage.recipe.calibration"), "calibration data from the training split, never the test split");

        assertEquals(succeededBefore + 1, Metrics.value("cardeck_prune_jobs_total", "magnitude", "succeeded"));
        assertTrue(Metrics.value("cardeck_prune_duration_seconds_count", "magnitude", "succeeded") >= 1);
    }

    @Test
    void aRequestDeliveredTwiceMakesOneJobAndOneModel() {
        String parent = Registry.register(TestModels.mlp(8, 12), "twice");
        String jobId = UUID.randomUUID().toString();
        PruneRequested request = Jobs.request(jobId, parent, "magnitude", Map.of("sparsity", 0.5, "allocation", Map.of("type", "uniform")));
        byte[] message = EventCodec.encode(request);
        KafkaTopics.send(Topics.PRUNE_REQUESTS, jobId, message);
        KafkaTopics.send(Topics.PRUNE_REQUESTS, jobId, message);
        // The same job again under a new event id, as a sender that rebuilt the event would send it.
        KafkaTopics.send(Jobs.request(jobId, parent, "magnitude", Map.of("sparsity", 0.7)));
        // Consumed in order after the three above: once it is finished, they have all been handled.
        String marker = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(marker, parent, "magnitude", Map.of("sparsity", 0.5)));
        assertEquals("SUCCEEDED", Jobs.awaitFinished(marker).getString("status"));

        JsonPath job = Jobs.awaitFinished(jobId);
        assertEquals("SUCCEEDED", job.getString("status"));
        assertEquals("uniform", job.getString("params.allocation.type"), "the first request is the job");
        Rows rows = new Rows(dataSource);
        assertEquals(1, rows.count("SELECT count(*) FROM prune_jobs WHERE id = ?", UUID.fromString(jobId)));
        assertEquals(1, rows.count("SELECT attempts FROM prune_jobs WHERE id = ?", UUID.fromString(jobId)));
        assertEquals(2, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "one model for the job, one for the marker");
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicWithTheReasonAndConsumingGoesOn() {
        String parent = Registry.register(TestModels.mlp(8, 13), "after-poison");
        String junkKey = "junk-" + UUID.randomUUID();
        KafkaTopics.send(Topics.PRUNE_REQUESTS, junkKey, "{\"type\": \"PruneRequested/v1\", \"oops\"".getBytes(StandardCharsets.UTF_8));
        String wrongType = UUID.randomUUID().toString();
        KafkaTopics.send(Topics.PRUNE_REQUESTS, wrongType, EventCodec.encode(new ModelReady(UUID.randomUUID(), Instant.now(),
                wrongType, "0".repeat(64), "fashion-mnist", ModelOrigin.UPLOAD, null)));
        String badJobId = "job-" + UUID.randomUUID();
        KafkaTopics.send(Jobs.request(badJobId, parent, "magnitude", Map.of("sparsity", 0.5)));
        String valid = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(valid, parent, "magnitude", Map.of("sparsity", 0.5)));

        assertEquals("SUCCEEDED", Jobs.awaitFinished(valid).getString("status"));
        assertTrue(deadLetterReason(junkKey).contains("not a cardeck event"), deadLetterReason(junkKey));
        assertTrue(deadLetterReason(wrongType).contains("ModelReady does not belong on cardeck.prune.requests"),
                deadLetterReason(wrongType));
        assertTrue(deadLetterReason(badJobId).contains("is not a UUID"), deadLetterReason(badJobId));
        ConsumerRecord<String, byte[]> junk = KafkaTopics.await(Topics.deadLetter(Topics.PRUNE_REQUESTS),
                r -> junkKey.equals(r.key()));
        assertArrayEquals("{\"type\": \"PruneRequested/v1\", \"oops\"".getBytes(StandardCharsets.UTF_8), junk.value(),
                "the dead letter is the message as it came");
    }

    @Test
    void requestsThatCannotBeCarriedOutFailTheirJobWithTheReason() {
        String parent = Registry.register(TestModels.mlp(8, 14), "refused");
        String reshaped = Registry.register(TestModels.reshapedConvolution(), "refused-reshaped");
        String unknownModel = UUID.randomUUID().toString();
        Map<String, String> expected = Map.of(
                submit(parent, "lottery", Map.of("sparsity", 0.5)), "unknown pruning method 'lottery'; accepted: ",
                submit(reshaped, "l1-filter", Map.of("ratio", 0.5)), "node 'to-rows' (Reshape)",
                submit(parent, "magnitude", Map.of("sparsity", 1.5)), "parameter 'sparsity' must be less than 1, got 1.5",
                submit(parent, "magnitude", Map.of("sparsity", 0.5, "allocation", Map.of("type", "everywhere"))),
                        "parameter 'allocation.type' cannot be everywhere",
                submit(parent, "magnitude", Map.of("sparsity", 0.5, "amount", 3)), "unknown parameter 'amount'",
                submit(parent, "magnitude", Map.of()), "parameter 'sparsity' is missing",
                submit(unknownModel, "magnitude", Map.of("sparsity", 0.5)), "no model with id '" + unknownModel + "'");
        expected.forEach((jobId, reason) -> {
            JsonPath job = Jobs.awaitFinished(jobId);
            assertEquals("FAILED", job.getString("status"), job.prettify());
            assertTrue(job.getString("error").contains(reason), job.getString("error") + " should say: " + reason);
            assertNull(job.get("resultModelId"));
            PruneFailed failed = KafkaTopics.awaitEvent(Topics.PRUNE_EVENTS, PruneFailed.class, e -> e.jobId().equals(jobId));
            assertEquals(job.getString("error"), failed.error());
        });
        assertEquals(0, new Rows(dataSource).count("SELECT count(*) FROM models WHERE parent_id IN (?, ?)",
                UUID.fromString(parent), UUID.fromString(reshaped)));
    }

    private static String submit(String modelId, String method, Map<String, Object> params) {
        String jobId = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(jobId, modelId, method, params));
        return jobId;
    }

    private static String deadLetterReason(String key) {
        ConsumerRecord<String, byte[]> record = KafkaTopics.await(Topics.deadLetter(Topics.PRUNE_REQUESTS),
                r -> key.equals(r.key()));
        Header reason = record.headers().lastHeader("dead-letter-reason");
        return reason == null ? "(no dead-letter-reason header)" : new String(reason.value(), StandardCharsets.UTF_8);
    }

    private static long zerosIn(OnnxGraph graph, String initializer) {
        long zeros = 0;
        for (float value : graph.floatInitializer(initializer).data()) {
            if (value == 0f) {
                zeros++;
            }
        }
        return zeros;
    }
}
