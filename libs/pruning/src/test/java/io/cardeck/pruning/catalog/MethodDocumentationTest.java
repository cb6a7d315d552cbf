package io.cardeck.pruning.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MethodDocumentationTest {

    @Test
    void everyMethodIsPublishedWithItsKindAndTheSchemaOfItsParameters() {
        assertEquals(MethodCatalog.all().stream().map(MethodDescriptor::name).toList(),
                MethodDocumentation.all().stream().map(MethodDocumentation::name).toList());
        for (MethodDocumentation method : MethodDocumentation.all()) {
            MethodDescriptor<?> described = MethodCatalog.byName(method.name());
            assertEquals(described.kind(), method.kind());
            assertEquals(described.kind().trains(), method.trains());
            assertEquals(described.description(), method.description());
            assertEquals(MethodCatalog.schema(described), method.parameters());
        }
        MethodDocumentation magnitude = MethodDocumentation.of(MethodCatalog.MAGNITUDE);
        assertFalse(magnitude.trains());
        assertTrue(MethodDocumentation.of(MethodCatalog.LRR).trains());
    }

    @Test
    void theJsonNamesTheKindInLowerCase() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(MethodDocumentation.of(MethodCatalog.LRR));
        assertEquals("iterative", json.get("kind").asText());
        assertTrue(json.get("trains").asBoolean());
        assertEquals("object", json.at("/parameters/type").asText());
        assertTrue(json.at("/parameters/properties/targetSparsity").has("exclusiveMaximum"), json.toString());
        assertEquals(5, json.at("/parameters/properties/retraining/default/epochs").asInt(), "object defaults are JSON too");
    }
}
