package io.cardeck.pruner.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    @Test
    void aPrunedModelIsNamedAfterItsParentMethodAndSettingsInNameOrder() {
        assertEquals("lenet5 / magnitude scope=global sparsity=0.9",
                ModelRegistry.prunedName("lenet5", "magnitude", Map.of("sparsity", 0.9, "scope", "global")));
        assertEquals("lenet5 / lobs", ModelRegistry.prunedName("lenet5", "lobs", Map.of()));
    }
}
