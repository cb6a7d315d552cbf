package io.cardeck.evaluator.it;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(EvaluatorTestProfile.class)
class EvaluationResourceIT {

    /** The contract's EvaluationView fields (gateway and clients read these names). */
    private static final Set<String> FIELDS = Set.of("id", "modelId", "status", "dataset", "samplesPerCell",
            "cleanAccuracy", "robustAccuracy", "extraAccuracy", "expectedCalibrationError", "meanNegativeLogLikelihood",
            "parameters", "nonZeroParameters", "latencyMillisPerImage", "imagesPerSecond", "error", "createdAt",
            "completedAt");

    @Inject
    TestRegistry registry;

    @Inject
    AgroalDataSource dataSource;

    private static Set<String> fieldsOf(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void listsByModelWithoutCellsAndReadsOneWithAllCells() {
        UUID modelId = Evaluations.announceNewModel(registry);
        Evaluations.awaitFinishedOf(modelId);

        JsonNode list = Evaluations.get("/evaluations?modelId=" + modelId);
        assertEquals(1, list.size());
        JsonNode summary = list.get(0);
        assertEquals(FIELDS, fieldsOf(summary));
        assertEquals("SUCCEEDED", summary.get("status").asText());
        String id = summary.get("id").asText();
        assertTrue(Evaluations.get("/evaluations").findValuesAsText("id").contains(id));

        JsonNode evaluation = Evaluations.get("/evaluations/" + id);
        Set<String> withCells = new TreeSet<>(FIELDS);
        withCells.addAll(List.of("cells", "calibrationBins"));
        assertEquals(withCells, fieldsOf(evaluation));
        assertEquals(modelId.toString(), evaluation.get("modelId").asText());
        JsonNode cells = evaluation.get("cells");
        assertEquals(90, cells.size());
        List<JsonNode> listed = new ArrayList<>();
        cells.forEach(listed::add);
        List<JsonNode> sorted = new ArrayList<>(listed);
        sorted.sort(Comparator.<JsonNode, String>comparing(c -> c.get("corruption").asText())
                .thenComparingInt(c -> c.get("severity").asInt()));
        assertEquals(sorted, listed);
        for (JsonNode cell : cells) {
            assertEquals(Set.of("corruption", "severity", "count", "accuracy"), fieldsOf(cell));
            assertEquals(100, cell.get("count").asInt());
            double accuracy = cell.get("accuracy").doubleValue();
            assertTrue(accuracy >= 0 && accuracy <= 1, cell.toString());
        }

        JsonNode bins = evaluation.get("calibrationBins");
        assertEquals(15, bins.size(), bins.toString());
        long binned = 0;
        double previousUpper = 0;
        for (JsonNode bin : bins) {
            assertEquals(Set.of("lower", "upper", "count", "correct", "accuracy", "confidence"), fieldsOf(bin));
            assertEquals(previousUpper, bin.get("lower").doubleValue(), 1e-12, "the bins follow each other: " + bins);
            previousUpper = bin.get("upper").doubleValue();
            double accuracy = bin.get("accuracy").doubleValue();
            assertTrue(accuracy >= 0 && accuracy <= 1, bin.toString());
            binned += bin.get("count").asLong();
        }
        assertEquals(1.0, previousUpper, 1e-12);
        assertEquals(evaluation.get("samplesPerCell").asLong(), binned, "every clean image is in one bin: " + bins);
    }

    @Test
    void anEvaluationStoredBeforeTheBinsWereKeptIsReadWithoutBins() throws SQLException {
        UUID modelId = Evaluations.announceNewModel(registry);
        String id = Evaluations.awaitFinishedOf(modelId).get("id").asText();
        // As a row written before migration V2 reads: the column exists and holds NULL.
        try (Connection connection = dataSource.getConnection(); PreparedStatement clear = connection.prepareStatement(
                "UPDATE evaluations SET calibration_bins = NULL WHERE id = ?")) {
            clear.setObject(1, UUID.fromString(id));
            assertEquals(1, clear.executeUpdate());
        }

        JsonNode evaluation = Evaluations.get("/evaluations/" + id);
        assertEquals("SUCCEEDED", evaluation.get("status").asText());
        assertTrue(evaluation.get("calibrationBins").isArray(), evaluation.toString());
        assertEquals(0, evaluation.get("calibrationBins").size());
        assertEquals(90, evaluation.get("cells").size());
    }

    @Test
    void readyWhenTheDatabaseKafkaAndTheSuiteStorageAre() {
        JsonNode health = Evaluations.get("/q/health/ready");
        assertEquals("UP", health.get("status").asText(), health.toString());
        List<String> checks = health.get("checks").findValuesAsText("name");
        assertTrue(checks.contains("suite storage"), checks.toString());
        assertTrue(checks.contains("SmallRye Reactive Messaging - readiness check"), "Kafka, through the channels: " + checks);
    }

    @Test
    void aModelWithoutEvaluationsHasAnEmptyList() {
        assertEquals(0, Evaluations.get("/evaluations?modelId=" + UUID.randomUUID()).size());
    }

    @Test
    void anUnknownEvaluationIsNotFound() {
        UUID unknown = UUID.randomUUID();
        String body = given().when().get("/evaluations/" + unknown).then().statusCode(404)
                .contentType("application/json").extract().asString();
        assertEquals("no evaluation " + unknown, Evaluations.json(body).get("error").asText());
    }

    @Test
    void malformedIdsAreBadRequests() {
        String body = given().when().get("/evaluations/not-a-uuid").then().statusCode(400)
                .contentType("application/json").extract().asString();
        assertTrue(Evaluations.json(body).get("error").asText().contains("'not-a-uuid' is not an evaluation id"), body);
        body = given().when().get("/evaluations?modelId=42").then().statusCode(400)
                .contentType("application/json").extract().asString();
        assertTrue(Evaluations.json(body).get("error").asText().contains("'42' is not a model id"), body);
        assertFalse(body.contains("Exception"), body);
    }
}
