package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneJobRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheRequestWithItsParametersInOrder() throws Exception {
        PruneJobRequest request = PruneJobRequest.parse(JSON.readTree("{\"modelId\": \"123E4567-E89B-12D3-A456-426614174000\","
                + " \"method\": \" magnitude \", \"params\": {\"sparsity\": 0.75, \"scope\": \"layer\", \"layers\": [1, 2]}}"));
        assertEquals("123e4567-e89b-12d3-a456-426614174000", request.modelId());
        assertEquals("magnitude", request.method());
        assertEquals(Map.of("sparsity", 0.75, "scope", "layer", "layers", List.of(1, 2)), request.params());
        assertEquals(List.of("sparsity", "scope", "layers"), List.copyOf(request.params().keySet()));
    }

    @Test
    void paramsLeftOutOrNullAreEmpty() throws Exception {
        String model = "\"modelId\": \"123e4567-e89b-12d3-a456-426614174000\", \"method\": \"magnitude\"";
        assertEquals(Map.of(), PruneJobRequest.parse(JSON.readTree("{" + model + "}")).params());
        assertEquals(Map.of(), PruneJobRequest.parse(JSON.readTree("{" + model + ", \"params\": null}")).params());
    }
}
