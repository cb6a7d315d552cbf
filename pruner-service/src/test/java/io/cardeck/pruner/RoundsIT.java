package io.cardeck.pruner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.events.Topics;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruner.repository.PruneJob.Lease;
import io.cardeck.pruner.service.JobLostException;
import io.cardeck.pruner.service.ModelRegistry;
import io.cardeck.pruner.service.PruneJobs;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rounds of an iterative job: each registered as its own model, announced for evaluation, once. */
@QuarkusTest
class RoundsIT {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PruneJobs jobs;

    @Inject
    ModelRegistry registry;

    @Test
    void eachRoundOfAnLrrJobBeforeTheLastIsRegisteredAndAnnounced() {
        String parent = Registry.register(TestModels.mlp(16, 51), "lrr-parent");
        String job = UUID.randomUUID().toString();
        KafkaTopics.send(Jobs.request(job, parent, "lrr", Map.of("targetSparsity", 0.75, "rounds", 2,
                "retraining", Map.of("epochs", 1, "batchSize", 256))));

        JsonPath finished = Jobs.awaitFinished(job, Eventually.TRAINING);
        assertEquals("SUCCEEDED", finished.getString("status"), finished.prettify());
        String result = finished.getString("resultModelId");
        Rows rows = new Rows(dataSource);
        assertEquals(2, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)),
                "round 1, and the result, which is round 2's model");
        assertEquals(1, rows.count("SELECT count(*) FROM job_rounds WHERE job_id = ?", UUID.fromString(job)));

        List<Map<String, Object>> models = given().get("/models").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.parentId == '" + parent + "' && it.id != '" + result + "' }");
        assertEquals(1, models.size(), models.toString());
        String round = (String) models.get(0).get("id");
        JsonPath roundModel = given().get("/models/" + round).then().statusCode(200).extract().jsonPath();
        assertTrue(roundModel.getString("name").endsWith(" round 1/2"), roundModel.getString("name"));
        assertEquals("lrr", roundModel.getString("lineage.method"));
        assertEquals(1, roundModel.getInt("lineage.recipe.round.round"));
        assertEquals(0.5, roundModel.getDouble("lineage.recipe.round.sparsity"), 1e-9, "half of what the target keeps, per round");
        ModelReady ready = KafkaTopics.awaitEvent(Topics.MODELS_READY, ModelReady.class, e -> e.modelId().equals(round));
        assertEquals(ModelOrigin.PRUNED, ready.origin());
        assertEquals(parent, ready.parentModelId());
        JsonPath resultModel = given().get("/models/" + result).then().statusCode(200).extract().jsonPath();
        assertEquals(2, resultModel.getList("lineage.recipe.rounds").size());
    }

    @Test
    void aRoundFinishedAgainByAResumedRunIsNotRegisteredTwice() {
        String parent = Registry.register(TestModels.mlp(8, 52), "rounds-once");
        UUID job = UUID.randomUUID();
        Rows rows = new Rows(dataSource);
        rows.execute("INSERT INTO prune_jobs (id, model_id, method, params, status, attempts, lease_owner, lease_expires_at)"
                + " VALUES (?, ?, 'lrr', '{\"targetSparsity\": 0.75}', 'RUNNING', 1, 'round-instance', now() + interval '1 hour')",
                job, parent);
        ModelRegistry.StoredModel stored = registry.load(parent);
        PruningResult round = PruningMethods.run(OnnxModel.parse(stored.onnx(), "parent"), "magnitude",
                Map.of("sparsity", 0.5), PruningContext.builder().parentModelId(parent).build());
        Duration lease = Duration.ofHours(1);

        Optional<UUID> first = jobs.storeRound(job, "round-instance", lease, stored.model(), 1, 3, round);
        assertTrue(first.isPresent());
        assertEquals(Optional.empty(), jobs.storeRound(job, "round-instance", lease, stored.model(), 1, 3, round),
                "the same round again");
        JobLostException lost = assertThrows(JobLostException.class,
                () -> jobs.storeRound(job, "other-instance", lease, stored.model(), 2, 3, round));
        assertEquals(Lease.LOST, lost.lease());
        assertEquals(1, rows.count("SELECT count(*) FROM models WHERE parent_id = ?", UUID.fromString(parent)));
        assertTrue(jobs.fail(job, "round-instance", "stopped by the test"));
    }
}
