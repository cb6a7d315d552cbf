package io.cardeck.pruner;

import static io.restassured.RestAssured.given;

import io.cardeck.events.PruneRequested;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/** Prune requests as the gateway sends them, and waiting for their jobs. */
final class Jobs {

    private Jobs() {
    }

    static PruneRequested request(String jobId, String modelId, String method, Map<String, Object> params) {
        return new PruneRequested(UUID.randomUUID(), Instant.now(), jobId, modelId, method, params);
    }

    /** Waits until the job is SUCCEEDED, FAILED or CANCELLED and returns its view. */
    static JsonPath awaitFinished(String jobId) {
        return awaitFinished(jobId, Duration.ofMillis(Eventually.DEADLINE_MILLIS));
    }

    static JsonPath awaitFinished(String jobId, Duration patience) {
        return Eventually.await("prune job " + jobId + " to finish", patience, () -> {
            Response response = given().get("/prune-jobs/" + jobId);
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            String status = response.path("status");
            return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED")
                    ? Optional.of(response.jsonPath()) : Optional.empty();
        });
    }

    /** Waits until the job's view satisfies {@code condition} and returns it. */
    static JsonPath await(String jobId, String what, Predicate<JsonPath> condition) {
        return await(jobId, what, Duration.ofMillis(Eventually.DEADLINE_MILLIS), condition);
    }

    static JsonPath await(String jobId, String what, Duration patience, Predicate<JsonPath> condition) {
        return Eventually.await("prune job " + jobId + ": " + what, patience, () -> {
            Response response = given().get("/prune-jobs/" + jobId);
            return response.statusCode() == 200 && condition.test(response.jsonPath())
                    ? Optional.of(response.jsonPath()) : Optional.empty();
        });
    }
}
