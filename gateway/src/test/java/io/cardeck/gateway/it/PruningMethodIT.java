package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The method catalog as the API publishes it: what a client reads before it asks for a prune job. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class PruningMethodIT {

    @Test
    void everyMethodIsListedWithItsParametersAsJsonSchema() {
        JsonPath methods = asAdmin().get("/api/pruning-methods").then()
                .statusCode(200)
                .contentType("application/json")
                .extract().jsonPath();
        assertEquals(MethodCatalog.all().stream().map(MethodDescriptor::name).toList(), methods.getList("name"));

        Map<String, Object> magnitude = methods.getMap("find { it.name == 'magnitude' }");
        assertEquals("unstructured", magnitude.get("kind"));
        assertEquals(false, magnitude.get("trains"));
        assertEquals(MethodCatalog.MAGNITUDE.description(), magnitude.get("description"));
        assertEquals("object", methods.getString("find { it.name == 'magnitude' }.parameters.type"));
        assertEquals(false, methods.getBoolean("find { it.name == 'magnitude' }.parameters.additionalProperties"),
                "unknown parameters are refused");
        assertEquals(List.of("sparsity"), methods.getList("find { it.name == 'magnitude' }.parameters.required"));
        String sparsity = "find { it.name == 'magnitude' }.parameters.properties.sparsity.";
        assertEquals(0, methods.getDouble(sparsity + "minimum"));
        assertEquals(1, methods.getDouble(sparsity + "exclusiveMaximum"));
        String allocation = "find { it.name == 'magnitude' }.parameters.properties.allocation.";
        assertEquals("global", methods.getString(allocation + "default.type"));
        assertEquals(List.of("uniform", "global", "erk", "owl", "dsa"), methods.getList(allocation + "properties.type.enum"));
        String epochs = "find { it.name == 'magnitude' }.parameters.properties.recovery.properties.finetune.properties.epochs.";
        assertEquals(3, methods.getInt(epochs + "default"), "the shared recovery object, with its defaults");
        assertEquals(1, methods.getInt(epochs + "minimum"));

        assertEquals("iterative", methods.getString("find { it.name == 'lrr' }.kind"));
        assertTrue(methods.getBoolean("find { it.name == 'lrr' }.trains"), "a method that trains is a long job");
    }

    @Test
    void oneMethodByNameAndAnUnknownNameIsNotFound() {
        asAdmin().get("/api/pruning-methods/lrr").then()
                .statusCode(200)
                .body("name", equalTo("lrr"))
                .body("kind", equalTo("iterative"))
                .body("parameters.required", equalTo(List.of("targetSparsity")));
        asAdmin().get("/api/pruning-methods/lottery").then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", containsString("unknown pruning method 'lottery'; accepted: "
                        + String.join(", ", MethodCatalog.all().stream().map(MethodDescriptor::name).toList())));
    }
}
