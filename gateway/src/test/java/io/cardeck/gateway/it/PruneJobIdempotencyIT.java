package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agroal.api.AgroalDataSource;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Idempotency-Key} on prune requests: a retry gets the first request's job, and nothing is recorded twice. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class PruneJobIdempotencyIT {

    StandInPruner pruner;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ApiKeyStore keys;

    private Database database;
    private String modelId;

    @BeforeEach
    void registerModel() {
        database = new Database(dataSource);
        modelId = pruner.register("to prune idempotently");
    }

    @Test
    void aRetryWithTheSameKeyAndBodyGetsTheSameJob() {
        String key = UUID.randomUUID().toString();
        long requests = database.pruneRequests();
        long outbox = database.outbox();
        String first = request(asAdmin(), key, body(0.5)).then().statusCode(202).extract().path("id");
        // The same request, its parameters written in another order: the same request all the same.
        String retried = request(asAdmin(), key, "{\"params\": {\"sparsity\": 0.5}, \"method\": \"magnitude\", \"modelId\": \""
                + modelId + "\"}").then()
                .statusCode(202)
                .body("status", equalTo("PENDING"))
                .extract().path("id");
        assertEquals(first, retried);
        assertEquals(requests + 1, database.pruneRequests(), "one job recorded");
        assertEquals(outbox + 1, database.outbox(), "one PruneRequested event");
    }

    @Test
    void theSameKeyWithAnotherBodyIs422() {
        String key = UUID.randomUUID().toString();
        String first = request(asAdmin(), key, body(0.5)).then().statusCode(202).extract().path("id");
        long requests = database.pruneRequests();
        request(asAdmin(), key, body(0.9)).then()
                .statusCode(422)
                .contentType("application/json")
                .body("error", equalTo("Idempotency-Key '" + key + "' was used for another request (job " + first + "); a"
                        + " retry must send the same body, and a new request a new key"));
        assertEquals(requests, database.pruneRequests(), "nothing recorded");
    }

    @Test
    void keysArePerCaller() {
        String key = UUID.randomUUID().toString();
        ApiKeyStore.IssuedKey other = keys.create("other-client-" + key.substring(0, 8), Role.ADMIN);
        String mine = request(asAdmin(), key, body(0.5)).then().statusCode(202).extract().path("id");
        String theirs = request(given().header("Authorization", "Bearer " + other.key().reveal()), key, body(0.5)).then()
                .statusCode(202).extract().path("id");
        assertNotEquals(mine, theirs);
    }

    @Test
    void aMalformedKeyIs400() {
        request(asAdmin(), "x".repeat(201), body(0.5)).then()
                .statusCode(400)
                .body("error", startsWith("Idempotency-Key must be 1 to 200 visible ASCII characters (e.g. a UUID), got 201"));
        request(asAdmin(), "two words", body(0.5)).then().statusCode(400);
    }

    private String body(double sparsity) {
        return "{\"modelId\": \"" + modelId + "\", \"method\": \"magnitude\", \"params\": {\"sparsity\": " + sparsity + "}}";
    }

    private static Response request(RequestSpecification as, String key, String body) {
        return as.contentType("application/json").header("Idempotency-Key", key).body(body).post("/api/prune-jobs");
    }
}
