package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Health, OpenAPI and metrics at Quarkus' standard paths. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class OperationsIT {

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "SmallRye Reactive Messaging - readiness check"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theOpenApiDocumentDescribesThePublicApi() {
        asAdmin().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("paths", hasKey("/api/models"))
                .body("paths", hasKey("/api/models/{id}"))
                .body("paths", hasKey("/api/models/{id}/onnx"))
                .body("paths", hasKey("/api/prune-jobs"))
                .body("paths", hasKey("/api/prune-jobs/{id}"))
                .body("paths", hasKey("/api/prune-jobs/{id}/cancel"))
                .body("paths", hasKey("/api/pruning-methods"))
                .body("paths", hasKey("/api/pruning-methods/{name}"))
                .body("paths", hasKey("/api/evaluations"))
                .body("paths", hasKey("/api/evaluations/{id}"))
                .body("paths", hasKey("/api/events"))
                .body("paths.'/api/prune-jobs'.post.responses", hasKey("202"));
    }
}
