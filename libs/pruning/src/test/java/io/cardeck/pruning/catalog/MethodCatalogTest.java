package io.cardeck.pruning.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.magnitude.MagnitudeParameters;
import io.cardeck.pruning.recovery.AugmentationDomain;
import io.cardeck.pruning.recovery.LearningRateShape;
import io.cardeck.pruning.allocation.AllocationType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodCatalogTest {

    @Test
    void defaultsComeFromTheDeclarationsAndRecoveryIsParsedApart() {
        MethodRequest<?> request = MethodCatalog.validate("magnitude", Map.of("sparsity", 0.7,
                "recovery", Map.of("bnRecalibration", true, "finetune", Map.of("epochs", 2, "domain", "gauss"))));
        MagnitudeParameters parameters = (MagnitudeParameters) request.parameters();
        assertEquals(0.7, parameters.sparsity());
        assertEquals(AllocationType.GLOBAL, parameters.allocation().type());
        assertEquals(0.08, parameters.allocation().band());
        assertEquals(List.of("stem", "classifier"), parameters.keepDense());
        assertEquals(1.0, parameters.maxLayerSparsity());
        assertTrue(request.recovery().bnRecalibration());
        assertEquals(1024, request.recovery().bnImages());
        assertEquals(2, request.recovery().finetune().epochs());
        assertEquals(0.01, request.recovery().finetune().learningRate());
        assertEquals(LearningRateShape.COSINE, request.recovery().finetune().schedule());
        assertEquals(AugmentationDomain.GAUSS, request.recovery().finetune().domain());
        assertEquals("{epochs=2, learningRate=0.01, schedule=cosine, domain=gauss, batchSize=128, weightDecay=5.0E-4, seed=0}",
                ((Map<?, ?>) request.recordedParameters().get("recovery")).get("finetune").toString());
        assertNull(MethodCatalog.validate("magnitude", Map.of("sparsity", 0.1)).recovery());
    }

    @Test
    void badRecoveryParametersNameTheNestedParameter() {
        assertMessage("parameter 'finetune.epochs' must be greater than or equal to 1, got 0",
                () -> MethodCatalog.validate("magnitude", Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("epochs", 0)))));
        assertMessage("'finetune.domain' cannot be fog",
                () -> MethodCatalog.validate("magnitude", Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("domain", "fog")))));
        assertMessage("unknown parameter 'lr'",
                () -> MethodCatalog.validate("magnitude", Map.of("sparsity", 0.5, "recovery", Map.of("finetune", Map.of("lr", 0.1)))));
        assertMessage("'recovery' must be an object",
                () -> MethodCatalog.validate("magnitude", Map.of("sparsity", 0.5, "recovery", true)));
        assertMessage("unknown pruning method 'nope'", () -> MethodCatalog.validate("nope", Map.of()));
    }

    @Test
    void theSchemaStatesDefaultsRangesEnumsAndRequiredParameters() {
        for (MethodDescriptor<?> method : MethodCatalog.all()) {
            ObjectNode schema = MethodCatalog.schema(method);
            assertEquals("object", schema.path("type").asText(), method.name());
            assertFalse(schema.path("additionalProperties").asBoolean(true), method.name() + ": unknown parameters refused");
            assertTrue(schema.path("properties").has("recovery"), method.name());
            schema.path("properties").fields().forEachRemaining(p -> assertTrue(p.getValue().has("description")
                    || p.getKey().equals("recovery"), method.name() + "." + p.getKey() + " has a description"));
        }
        JsonNode magnitude = MethodCatalog.schema(MethodCatalog.MAGNITUDE);
        JsonNode sparsity = magnitude.path("properties").path("sparsity");
        assertEquals(0, sparsity.path("minimum").asDouble());
        assertEquals(1, sparsity.path("exclusiveMaximum").asDouble());
        assertEquals(List.of("sparsity"), List.of(magnitude.path("required").get(0).asText()));
        JsonNode allocation = magnitude.path("properties").path("allocation");
        assertEquals("{\"type\":\"global\"}", allocation.path("default").toString());
        assertEquals("[\"uniform\",\"global\",\"erk\",\"owl\",\"dsa\"]",
                allocation.path("properties").path("type").path("enum").toString());
        assertEquals("{\"type\":\"uniform\"}", MethodCatalog.schema(MethodCatalog.LOBS).path("properties").path("allocation")
                .path("default").toString());
        JsonNode finetune = magnitude.path("properties").path("recovery").path("properties").path("finetune");
        assertTrue(finetune.toString().contains("\"augmix\""), finetune.toString());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        InvalidParameterException error = assertThrows(InvalidParameterException.class, call);
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
    }
}
