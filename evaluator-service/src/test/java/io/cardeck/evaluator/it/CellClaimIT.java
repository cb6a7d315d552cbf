package io.cardeck.evaluator.it;

import static io.cardeck.evaluator.it.Evaluations.awaitFinished;
import static io.cardeck.evaluator.it.Evaluations.awaitPublished;
import static io.cardeck.evaluator.it.Evaluations.count;
import static io.cardeck.evaluator.it.Evaluations.modelReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.evaluator.service.CellRunner;
import io.cardeck.evaluator.service.CellTask;
import io.cardeck.evaluator.service.EvaluationService;
import io.cardeck.evaluator.service.EvaluatorInstance;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.Topics;
import io.cardeck.onnx.OnnxModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cells claimed by several instances, played by this test through the service's own claims, runner and
 * stores under owner names of its own (the service's workers look for cells only when a model is
 * announced to it): every cell stored once whoever computes it, live leases respected, given-back cells
 * claimed at once, and the merged figures identical to those of one instance.
 */
@QuarkusTest
@TestProfile(CellClaimIT.ClaimsByHand.class)
class CellClaimIT {

    /** The service's workers claim at startup and when a model is announced here, never on their own. */
    public static class ClaimsByHand extends EvaluatorTestProfile {

        @Override
        protected String pollInterval() {
            return "1h";
        }
    }

    private static final int CELLS = 1 + 18 * 5;
    private static final Pattern PENDING = Pattern.compile("(?m)^cardeck_evaluator_cells_pending(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern COMPUTED = Pattern.compile("(?m)^cardeck_evaluator_cells_computed_total(?:\\{[^}]*})? (\\S+)$");

    @Inject
    EvaluationService evaluations;

    @Inject
    CellRunner runner;

    @Inject
    EvaluatorInstance instance;

    @Inject
    TestRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private final OnnxModel model = FashionMnistModel.get();
    private UUID modelId;

    @BeforeEach
    void registerModel() {
        modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
    }

    /** A new evaluation of the test model (a ModelReady with an event id of its own). */
    private UUID accept() {
        return evaluations.accept(modelReady(modelId, model.sha256(), "fashion-mnist")).orElseThrow();
    }

    @Test
    void cellsComputedByThreeInstancesAtOnceMergeToTheFiguresOfOneToTheLastDigit() throws Exception {
        UUID alone = accept();
        assertEquals(Map.of("solo", CELLS), computeAll(List.of("solo")));
        UUID shared = accept();
        Map<String, Integer> stored = computeAll(List.of("a", "b", "c"));
        assertEquals(CELLS, stored.values().stream().mapToInt(Integer::intValue).sum(), stored.toString());

        JsonNode one = awaitFinished(alone);
        JsonNode three = awaitFinished(shared);
        assertEquals("SUCCEEDED", three.get("status").asText(), three.toString());
        assertEquals(figures(one), figures(three));
        for (Map.Entry<String, Integer> owner : stored.entrySet()) {
            assertEquals((long) owner.getValue(), count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ?"
                    + " AND computed_by = ? AND attempts = 1", shared, owner.getKey()), "recorded: " + stored);
        }
        awaitPublished(dataSource, modelId);
        for (UUID evaluation : List.of(alone, shared)) {
            assertEquals(1, KafkaBus.events(Topics.EVALUATION_EVENTS, modelId.toString()).stream()
                    .filter(e -> e instanceof EvaluationCompleted completed
                            && completed.evaluationId().equals(evaluation.toString())).count(), "completed once");
        }
    }

    @Test
    void aCellIsStoredOnceWhoeverComputesIt() throws Exception {
        UUID evaluation = accept();
        CellTask first = claim("a");
        assertEquals(evaluation, first.evaluationId());
        expireLeasesOf("a");
        CellTask again = claim("b");
        assertEquals(first.cellId(), again.cellId(), "an expired lease is claimed again");
        assertEquals(2, again.attempts());

        try (CellRunner.Workspace workspace = runner.workspace()) {
            assertEquals(EvaluationService.Stored.DROPPED,
                    evaluations.store(first.cellId(), "a", runner.compute(first, workspace, () -> false)));
            assertEquals(EvaluationService.Stored.STORED,
                    evaluations.store(again.cellId(), "b", runner.compute(again, workspace, () -> false)));
        }
        assertNotEquals(first.cellId(), claim("a").cellId(), "a stored cell is not claimed again");
        assertEquals(1, evaluations.release("a"));
        computeAll(List.of("a", "b"));

        assertEquals("SUCCEEDED", awaitFinished(evaluation).get("status").asText());
        assertEquals(1, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE id = ? AND computed_by = 'b'"
                + " AND attempts = 2", first.cellId()));
    }

    @Test
    void aLiveLeaseIsLeftAloneAndACellGivenBackIsClaimedAtOnce() throws Exception {
        UUID evaluation = accept();
        CellTask byA = claim("a");
        CellTask byB = claim("b");
        assertNotEquals(byA.cellId(), byB.cellId(), "a's lease is alive");

        assertEquals(1, evaluations.release("a"));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE id = ? AND status = 'PENDING'"
                + " AND attempts = 0 AND lease_owner IS NULL", byA.cellId()), "given back, the claim not counted");
        CellTask byC = claim("c");
        assertEquals(byA.cellId(), byC.cellId(), "claimed at the next look, not after the lease");
        assertEquals(1, byC.attempts());

        assertEquals(2, evaluations.release("b") + evaluations.release("c"));
        computeAll(List.of("a"));
        assertEquals("SUCCEEDED", awaitFinished(evaluation).get("status").asText());
    }

    @Test
    void thePendingCellsAndTheCellsComputedHereAreOnTheMetricsEndpoint() {
        double computedBefore = metric(COMPUTED);
        UUID evaluation = accept();
        Await.condition("the pending cells' gauge to count the new evaluation", Await.LONG,
                () -> metric(PENDING) == CELLS);

        // Announced to this instance: its own workers take the cells.
        UUID announced = Evaluations.announceNewModel(registry);
        JsonNode finished = Evaluations.awaitFinishedOf(announced);
        assertEquals("SUCCEEDED", finished.get("status").asText());
        assertEquals("SUCCEEDED", awaitFinished(evaluation).get("status").asText(), "the older evaluation first");
        Await.condition("the pending cells' gauge to fall to 0", Await.LONG, () -> metric(PENDING) == 0);
        assertEquals(computedBefore + 2 * CELLS, metric(COMPUTED));
        assertEquals(2 * CELLS, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE computed_by = ? AND"
                + " evaluation_id IN (?, ?)", instance.id(), evaluation, UUID.fromString(finished.get("id").asText())));
    }

    private CellTask claim(String owner) {
        Optional<CellTask> task = evaluations.claim(owner);
        assertTrue(task.isPresent(), owner + " found no cell to claim");
        return task.get();
    }

    private void expireLeasesOf(String owner) {
        assertTrue(count(dataSource, "WITH expired AS (UPDATE cell_jobs SET lease_expires_at = now() - interval '1 second'"
                + " WHERE lease_owner = ? RETURNING 1) SELECT count(*) FROM expired", owner) > 0);
    }

    /**
     * Each owner on a thread of its own claims, computes and stores cells until none is left, as instances
     * do; returns how many each stored. No store may be dropped: nobody's lease expires meanwhile.
     */
    private Map<String, Integer> computeAll(List<String> owners) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(owners.size());
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (String owner : owners) {
                counts.add(threads.submit(() -> {
                    int stored = 0;
                    try (CellRunner.Workspace workspace = runner.workspace()) {
                        for (Optional<CellTask> task = evaluations.claim(owner); task.isPresent(); task = evaluations.claim(owner)) {
                            CellTask cell = task.get();
                            EvaluationService.Stored outcome = evaluations.store(cell.cellId(), owner,
                                    runner.compute(cell, workspace, () -> false));
                            assertNotEquals(EvaluationService.Stored.DROPPED, outcome, owner + ": " + cell);
                            stored++;
                        }
                    }
                    return stored;
                }));
            }
            Map<String, Integer> stored = new TreeMap<>();
            for (int i = 0; i < owners.size(); i++) {
                stored.put(owners.get(i), counts.get(i).get());
            }
            return stored;
        } finally {
            threads.shutdownNow();
        }
    }

    /** An evaluation's figures, without what differs from run to run: its id, times and speed. */
    private static JsonNode figures(JsonNode evaluation) {
        ObjectNode figures = evaluation.deepCopy();
        figures.remove(List.of("id", "createdAt", "completedAt", "latencyMillisPerImage", "imagesPerSecond"));
        return figures;
    }

    private static double metric(Pattern pattern) {
        String metrics = RestAssured.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = pattern.matcher(metrics);
        assertTrue(matcher.find(), "no " + pattern + " in /q/metrics");
        return Double.parseDouble(matcher.group(1));
    }
}
