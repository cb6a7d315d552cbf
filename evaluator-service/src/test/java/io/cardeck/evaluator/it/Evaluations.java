package io.cardeck.evaluator.it;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.cardeck.devstack.KafkaBus;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** What the tests do again and again: announce a model, wait for its evaluation, read what was published. */
final class Evaluations {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Evaluations() {
    }

    /** A Fashion-MNIST model announced by the registry as a fresh upload. */
    static ModelReady modelReady(UUID modelId, String sha256, String dataset) {
        return new ModelReady(UUID.randomUUID(), Instant.now(), modelId.toString(), sha256, dataset, ModelOrigin.UPLOAD,
                null);
    }

    /** Puts the test model into the registry under a new id and announces it; returns the id. */
    static UUID announceNewModel(TestRegistry registry) {
        OnnxModel model = FashionMnistModel.get();
        UUID modelId = UUID.randomUUID();
        registry.put(modelId, model.toBytes());
        KafkaBus.send(modelReady(modelId, model.sha256(), "fashion-mnist"));
        return modelId;
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }

    /** GET {@code path} expecting 200 JSON. */
    static JsonNode get(String path) {
        return json(given().when().get(path).then().statusCode(200).extract().asString());
    }

    /** The one evaluation of {@code modelId}, once it is SUCCEEDED or FAILED (summary, without cells). */
    static JsonNode awaitFinishedOf(UUID modelId) {
        return Await.value("the evaluation of model " + modelId + " to finish", Await.LONG, () -> {
            JsonNode list = get("/evaluations?modelId=" + modelId);
            return list.size() == 1 && !"RUNNING".equals(list.get(0).get("status").asText())
                    ? Optional.of(list.get(0)) : Optional.empty();
        });
    }

    /** Evaluation {@code id} with its cells, once it is SUCCEEDED or FAILED. */
    static JsonNode awaitFinished(UUID id) {
        return Await.value("evaluation " + id + " to finish", Await.LONG, () -> {
            JsonNode evaluation = get("/evaluations/" + id);
            return "RUNNING".equals(evaluation.get("status").asText()) ? Optional.empty() : Optional.of(evaluation);
        });
    }

    /** Waits until every event the service wrote for {@code modelId} is on Kafka. */
    static void awaitPublished(AgroalDataSource dataSource, UUID modelId) {
        Await.condition("the outbox events of model " + modelId + " to be published", Await.LONG,
                () -> count(dataSource, "SELECT count(*) FROM outbox WHERE event_key = ? AND sent_at IS NULL",
                        modelId.toString()) == 0);
    }

    static long count(AgroalDataSource dataSource, String sql, Object... parameters) {
        return value(dataSource, sql, parameters, row -> row.getLong(1));
    }

    /** The UUID of the one row {@code sql} selects. */
    static UUID uuid(AgroalDataSource dataSource, String sql, Object... parameters) {
        return value(dataSource, sql, parameters, row -> row.getObject(1, UUID.class));
    }

    private interface Column<T> {
        T read(ResultSet row) throws SQLException;
    }

    private static <T> T value(AgroalDataSource dataSource, String sql, Object[] parameters, Column<T> column) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException(sql + " selected no row");
                }
                return column.read(row);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
