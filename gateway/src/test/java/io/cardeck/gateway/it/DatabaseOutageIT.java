package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.cardeck.access.ApiKeyStore;
import io.cardeck.access.Role;
import io.cardeck.devstack.DatabaseCut;
import io.cardeck.devstack.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL unreachable for the gateway (its connections cut by a {@link TcpProxy}): what needs the
 * database is answered 503 with Retry-After and stores nothing; what does not (a relayed read with a key
 * the database confirmed before, or the configured admin key) goes on.
 */
@QuarkusTest
@TestProfile(DatabaseOutageProfile.class)
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(15);

    TcpProxy database;
    StandInPruner pruner;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void requestsThatNeedTheDatabaseAre503UntilItIsBackAndConfirmedKeysGoOn() {
        String modelId = pruner.register("outage");
        ApiKeyStore keys = new ApiKeyStore(dataSource);
        String confirmed = "Bearer " + keys.create("outage-reader", Role.READ).key().reveal();
        String neverUsed = "Bearer " + keys.create("outage-idle", Role.READ).key().reveal();
        given().header("Authorization", confirmed).get("/api/models/" + modelId).then().statusCode(200);
        String body = "{\"modelId\": \"" + modelId + "\", \"method\": \"magnitude\", \"params\": {\"sparsity\": 0.5}}";

        DatabaseCut.during(database, OUTAGE, () -> {
            Response job = asAdmin().contentType("application/json").body(body).post("/api/prune-jobs");
            assertEquals(503, job.statusCode(), job.asString());
            assertEquals("5", job.getHeader("Retry-After"));
            assertTrue(job.<String>path("error").contains("the gateway's database is unreachable at the moment; nothing"
                    + " was stored"), job.asString());

            assertEquals(200, given().header("Authorization", confirmed).get("/api/models/" + modelId).statusCode(),
                    "a key the database confirmed before the outage still reads");
            Response idle = given().header("Authorization", neverUsed).get("/api/models/" + modelId);
            assertEquals(503, idle.statusCode(), "a key the database never confirmed cannot be checked: " + idle.asString());
            assertEquals("5", idle.getHeader("Retry-After"));
            assertTrue(idle.<String>path("error").contains("database is unreachable"), idle.asString());
        });

        asAdmin().contentType("application/json").body(body).post("/api/prune-jobs").then().statusCode(202);
        given().header("Authorization", neverUsed).get("/api/models/" + modelId).then().statusCode(200);
    }
}
