package io.cardeck.evaluator.it;

import static io.cardeck.evaluator.it.Evaluations.awaitFinished;
import static io.cardeck.evaluator.it.Evaluations.awaitFinishedOf;
import static io.cardeck.evaluator.it.Evaluations.awaitPublished;
import static io.cardeck.evaluator.it.Evaluations.count;
import static io.cardeck.evaluator.it.Evaluations.get;
import static io.cardeck.evaluator.it.Evaluations.modelReady;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationPlan;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.evaluation.Evaluator;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.evaluator.config.EvaluatorConfig;
import io.cardeck.evaluator.it.StoredEvaluations.Left;
import io.cardeck.evaluator.service.CellResult;
import io.cardeck.evaluator.service.EvaluationService;
import io.cardeck.evaluator.service.EvaluatorInstance;
import io.cardeck.evaluator.service.SuiteStore;
import io.cardeck.events.CardeckEvent;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.events.EvaluationFailed;
import io.cardeck.events.EvaluationProgressed;
import io.cardeck.events.EventCodec;
import io.cardeck.events.ModelReady;
import io.cardeck.events.Topics;
import io.cardeck.metrics.CalibrationBin;
import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EvaluatorTestProfile.class)
class ModelEvaluationIT {

    /** 19 CIFAR-10-C corruptions less saturate, which is the identity on gray images. */
    private static final int GRAY_CORRUPTIONS = 18;
    /** The instance id of one that died, as ids are made: host, pid, a random UUID. */
    private static final String DEAD = "dead-host/1/gone";

    @Inject
    TestRegistry registry;

    @Inject
    EvaluatorConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EvaluationService evaluations;

    @Inject
    EvaluatorInstance instance;

    @Inject
    SuiteStore suites;

    @Test
    void aReadyModelIsEvaluatedAsTheCommandLineEvaluatesIt() {
        UUID modelId = Evaluations.announceNewModel(registry);
        JsonNode summary = awaitFinishedOf(modelId);
        assertEquals("SUCCEEDED", summary.get("status").asText(), summary.toString());
        JsonNode evaluation = get("/evaluations/" + summary.get("id").asText());

        // The CLI's path (`./cardeck eval --dataset fashion-mnist --suite DIR --limit 100`) on the suite the service generated.
        Path suiteDirectory = config.dataDir().resolve("suites").resolve("fashion-mnist-test-100-seed0");
        CorruptionSuite suite = CorruptionSuite.open(suiteDirectory);
        assertEquals(GRAY_CORRUPTIONS, suite.corruptions().size());
        assertFalse(suite.corruptions().contains("saturate"));
        assertEquals(100, suite.imagesPerSeverity());
        assertEquals(0L, suite.manifest().orElseThrow().seed());
        OnnxModel model = FashionMnistModel.get();
        EvaluationReport expected;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            expected = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(128, 100)).evaluate(
                    DatasetCatalog.open("fashion-mnist").split("test"), suite,
                    Corruptions.standard().stream().map(Corruption::name).toList(), images -> { });
        }

        assertEquals(modelId.toString(), evaluation.get("modelId").asText());
        assertEquals("fashion-mnist", evaluation.get("dataset").asText());
        assertEquals(100, evaluation.get("samplesPerCell").asInt());
        assertEquals(expected.clean().accuracy(), evaluation.get("cleanAccuracy").doubleValue());
        // The nearest-class-mean baseline is known to be about 68% accurate on Fashion-MNIST.
        assertTrue(evaluation.get("cleanAccuracy").doubleValue() > 0.5, evaluation.toString());
        assertEquals(expected.robustness().robustAccuracy().value(), evaluation.get("robustAccuracy").doubleValue());
        assertEquals(expected.robustness().extraAccuracy().value(), evaluation.get("extraAccuracy").doubleValue());
        assertEquals(expected.clean().expectedCalibrationError(), evaluation.get("expectedCalibrationError").doubleValue());
        assertEquals(expected.clean().meanNegativeLogLikelihood(),
                evaluation.get("meanNegativeLogLikelihood").doubleValue());

        // The clean images' reliability diagram, bin for bin as the command line computes it.
        JsonNode bins = evaluation.get("calibrationBins");
        List<CalibrationBin> expectedBins = expected.clean().calibrationBins();
        assertEquals(expectedBins.size(), bins.size());
        long binned = 0;
        for (int b = 0; b < expectedBins.size(); b++) {
            CalibrationBin bin = expectedBins.get(b);
            JsonNode stored = bins.get(b);
            assertEquals(bin.lower(), stored.get("lower").doubleValue(), "bin " + b);
            assertEquals(bin.upper(), stored.get("upper").doubleValue(), "bin " + b);
            assertEquals(bin.count(), stored.get("count").asLong(), "bin " + b);
            assertEquals(bin.correct(), stored.get("correct").asLong(), "bin " + b);
            assertEquals(bin.accuracy(), stored.get("accuracy").doubleValue(), "bin " + b);
            assertEquals(bin.confidence(), stored.get("confidence").doubleValue(), "bin " + b);
            double accuracy = stored.get("accuracy").doubleValue();
            assertTrue(accuracy >= 0 && accuracy <= 1, stored.toString());
            binned += stored.get("count").asLong();
        }
        assertEquals(100, binned, "every clean image is in one bin");

        JsonNode cells = evaluation.get("cells");
        assertEquals(5 * GRAY_CORRUPTIONS, cells.size());
        Map<String, JsonNode> byKey = new HashMap<>();
        cells.forEach(cell -> byKey.put(cell.get("corruption").asText() + "/s" + cell.get("severity").asInt(), cell));
        assertEquals(5 * GRAY_CORRUPTIONS, byKey.size());
        for (CorruptionCell cell : expected.robustness().grid().cells()) {
            JsonNode stored = byKey.get(cell.key());
            assertEquals(100, stored.get("count").asLong(), cell.key());
            assertEquals(cell.accuracy(), stored.get("accuracy").doubleValue(), cell.key());
        }

        // A Gemm of 10 class means of 28 x 28 pixels and 10 biases.
        assertEquals(28 * 28 * 10 + 10, evaluation.get("parameters").asLong());
        long nonZeros = evaluation.get("nonZeroParameters").asLong();
        assertTrue(nonZeros > 0 && nonZeros <= 28 * 28 * 10 + 10, evaluation.toString());
        assertTrue(evaluation.get("latencyMillisPerImage").doubleValue() > 0, evaluation.toString());
        assertTrue(evaluation.get("imagesPerSecond").doubleValue() > 0, evaluation.toString());
        assertTrue(evaluation.get("error").isNull());
        assertFalse(evaluation.get("completedAt").isNull());

        awaitPublished(dataSource, modelId);
        List<CardeckEvent> events = evaluationEvents(modelId);
        List<Double> percents = events.stream().filter(EvaluationProgressed.class::isInstance)
                .map(e -> ((EvaluationProgressed) e).percent()).toList();
        assertEquals(List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0), percents);
        assertEquals(11, events.size(), events.toString());
        EvaluationCompleted completed = assertInstanceOf(EvaluationCompleted.class, events.get(events.size() - 1));
        assertEquals(evaluation.get("id").asText(), completed.evaluationId());
        assertEquals(expected.clean().accuracy(), completed.cleanAccuracy());
        assertEquals(expected.robustness().robustAccuracy().value(), completed.robustAccuracy());
        assertEquals(expected.clean().expectedCalibrationError(), completed.expectedCalibrationError());
        assertEquals(evaluation.get("parameters").asLong(), completed.parameters());
        assertEquals(nonZeros, completed.nonZeroParameters());
        assertEquals(evaluation.get("latencyMillisPerImage").doubleValue(), completed.latencyMillisPerImage());

        // Where the suite lies is recorded, and the evaluation points at it.
        assertEquals(1, count(dataSource, "SELECT count(*) FROM suites s JOIN evaluations e ON e.suite_id = s.id"
                + " WHERE e.id = ? AND s.directory = ? AND s.images_per_severity = 100 AND s.seed = 0",
                UUID.fromString(evaluation.get("id").asText()), suiteDirectory.toAbsolutePath().normalize().toString()));
    }

    @Test
    void theSameModelReadyDeliveredTwiceIsEvaluatedOnce() {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        ModelReady ready = modelReady(modelId, model.sha256(), "fashion-mnist");
        byte[] message = EventCodec.encode(ready);
        KafkaBus.send(Topics.MODELS_READY, ready.key(), message);
        KafkaBus.send(Topics.MODELS_READY, ready.key(), message);

        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.models-ready.group.id", String.class);
        Await.condition("the service to consume both deliveries", Await.LONG,
                () -> KafkaBus.consumedAll(Topics.MODELS_READY, group));
        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText());
        assertEquals(1, get("/evaluations?modelId=" + modelId).size());
        assertEquals(1, count(dataSource, "SELECT count(*) FROM evaluations WHERE model_id = ?", modelId));

        awaitPublished(dataSource, modelId);
        assertEquals(1, evaluationEvents(modelId).stream().filter(EvaluationCompleted.class::isInstance).count());
    }

    @Test
    void aModelTheRegistryDoesNotHaveFails() {
        UUID modelId = UUID.randomUUID();
        KafkaBus.send(modelReady(modelId, "0".repeat(64), "fashion-mnist"));

        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("FAILED", evaluation.get("status").asText());
        String error = evaluation.get("error").asText();
        assertTrue(error.contains("answered 404") && error.contains(modelId.toString()), error);
        assertTrue(evaluation.get("cleanAccuracy").isNull());
        assertEquals(0, get("/evaluations/" + evaluation.get("id").asText()).get("cells").size());

        awaitPublished(dataSource, modelId);
        List<CardeckEvent> events = evaluationEvents(modelId);
        assertEquals(1, events.size(), events.toString());
        EvaluationFailed failed = assertInstanceOf(EvaluationFailed.class, events.get(0));
        assertEquals(evaluation.get("id").asText(), failed.evaluationId());
        assertEquals(error, failed.error());
    }

    @Test
    void aRegistryThatIsBrieflyUnavailableIsAskedAgain() {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        registry.unavailableFor(modelId, 1);
        KafkaBus.send(modelReady(modelId, model.sha256(), "fashion-mnist"));

        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertEquals(2, registry.requests(modelId));
    }

    @Test
    void aRegistryThatStaysUnavailableFailsTheEvaluationAfterTheConfiguredAttempts() {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        registry.unavailableFor(modelId, 1000);
        KafkaBus.send(modelReady(modelId, model.sha256(), "fashion-mnist"));

        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("FAILED", evaluation.get("status").asText());
        String error = evaluation.get("error").asText();
        assertTrue(error.contains("after 2 attempt(s)") && error.contains("answered 503"), error);
        assertEquals(2, registry.requests(modelId));
    }

    @Test
    void bytesOtherThanTheAnnouncedOnesFail() {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        KafkaBus.send(modelReady(modelId, "ab".repeat(32), "fashion-mnist"));

        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("FAILED", evaluation.get("status").asText());
        String error = evaluation.get("error").asText();
        assertTrue(error.contains("SHA-256 " + model.sha256()) && error.contains("announced " + "ab".repeat(32)), error);
    }

    @Test
    void aDatasetWithoutASuiteFails() {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        KafkaBus.send(modelReady(modelId, model.sha256(), "imagenet"));

        JsonNode evaluation = awaitFinishedOf(modelId);
        assertEquals("FAILED", evaluation.get("status").asText());
        assertTrue(evaluation.get("error").asText().contains("dataset 'imagenet' has no corruption suite"),
                evaluation.toString());
    }

    @Test
    void cellsLeftRunningByADeadInstanceAreRedoneOnce() throws SQLException {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        UUID evaluationId = StoredEvaluations.insertRunning(dataSource, modelId, model.sha256());
        StoredEvaluations.insertCells(dataSource, evaluationId, suites.plan("fashion-mnist"), Left.EXPIRED, DEAD, 1);

        JsonNode evaluation = awaitFinished(evaluationId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertEquals(5 * GRAY_CORRUPTIONS, evaluation.get("cells").size());
        assertEquals(1 + 5 * GRAY_CORRUPTIONS, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ?"
                + " AND status = 'DONE' AND attempts = 2 AND computed_by = ?", evaluationId, instance.id()),
                "every cell claimed again once, and computed here");
        awaitPublished(dataSource, modelId);
        List<CardeckEvent> completions = evaluationEvents(modelId).stream()
                .filter(EvaluationCompleted.class::isInstance).toList();
        assertEquals(1, completions.size());
        assertEquals(evaluationId.toString(), ((EvaluationCompleted) completions.get(0)).evaluationId());

        // The dead instance, come back (it was only slow), can neither store nor fail what it held.
        UUID cleanCell = Evaluations.uuid(dataSource, "SELECT id FROM cell_jobs WHERE evaluation_id = ? AND position = 0",
                evaluationId);
        CellResult late = new CellResult(new ClassificationMetrics(100, 10, 0.1, 1.0, 0.1, List.of()), null,
                new CellResult.ModelFigures(10, 10, 1.0));
        assertEquals(EvaluationService.Stored.DROPPED, evaluations.store(cleanCell, DEAD, late));
        assertFalse(evaluations.fail(cleanCell, DEAD, "late failure"));
        assertEquals(0, evaluations.release(DEAD));
        assertEquals(evaluation, get("/evaluations/" + evaluationId));
        assertEquals(0, count(dataSource, "SELECT count(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL",
                modelId.toString()));
    }

    @Test
    void anEvaluationAcceptedBeforeEvaluationsHadCellsIsSplitAndEvaluated() throws SQLException {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        UUID evaluationId = StoredEvaluations.insertRunning(dataSource, modelId, model.sha256());

        JsonNode evaluation = awaitFinished(evaluationId);
        assertEquals("SUCCEEDED", evaluation.get("status").asText(), evaluation.toString());
        assertEquals(5 * GRAY_CORRUPTIONS, evaluation.get("cells").size());
        assertEquals(1 + 5 * GRAY_CORRUPTIONS, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ?",
                evaluationId));
    }

    @Test
    void anEvaluationWhoseCellKeepsKillingItsInstanceIsGivenUp() throws SQLException {
        UUID modelId = UUID.randomUUID();
        UUID evaluationId = StoredEvaluations.insertRunning(dataSource, modelId, "0".repeat(64));
        // The clean cell, started max-attempts times, each time by an instance that died on it.
        StoredEvaluations.insertCells(dataSource, evaluationId, EvaluationPlan.cleanOnly(), Left.EXPIRED, DEAD,
                config.cells().maxAttempts());

        JsonNode evaluation = awaitFinished(evaluationId);
        assertEquals("FAILED", evaluation.get("status").asText());
        assertEquals("gave up after 3 attempts: the instances evaluating cell clean stopped each time before finishing"
                + " (last: " + DEAD + ")", evaluation.get("error").asText());
        awaitPublished(dataSource, modelId);
        List<CardeckEvent> events = evaluationEvents(modelId);
        assertEquals(1, events.size(), events.toString());
        assertInstanceOf(EvaluationFailed.class, events.get(0));
        assertEquals(1, count(dataSource, "SELECT count(*) FROM cell_jobs WHERE evaluation_id = ? AND status = 'PENDING'"
                + " AND lease_owner IS NULL AND attempts = 3", evaluationId), "nobody holds the cell any more");
    }


    /** The evaluation events published for {@code modelId}, in order. */
    private static List<CardeckEvent> evaluationEvents(UUID modelId) {
        return KafkaBus.events(Topics.EVALUATION_EVENTS, modelId.toString());
    }
}
