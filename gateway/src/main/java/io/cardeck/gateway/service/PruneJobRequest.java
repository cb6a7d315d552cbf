package io.cardeck.gateway.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request to prune a model, read strictly from its JSON body. Whether the method exists and its
 * parameters are valid is the pruning library's to say ({@link PruneJobs#accept}).
 *
 * @param modelId the model to prune, canonical UUID
 * @param params the method's parameters as JSON values; none is null (a parameter left out takes its default)
 */
public record PruneJobRequest(String modelId, String method, Map<String, Object> params) {

    private static final List<String> FIELDS = List.of("modelId", "method", "params");
    private static final String SHAPE = "{\"modelId\": \"<model uuid>\", \"method\": \"magnitude\","
            + " \"params\": {\"sparsity\": 0.5}}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    public PruneJobRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** @throws InvalidInputException naming the field that is wrong and what is accepted */
    public static PruneJobRequest parse(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw new InvalidInputException("the request body is missing; expected " + SHAPE);
        }
        if (!body.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object " + SHAPE);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException("field '" + field + "' is not accepted; accepted fields: "
                        + String.join(", ", FIELDS));
            }
        }
        JsonNode modelId = body.path("modelId");
        if (!modelId.isMissingNode() && !modelId.isNull() && !modelId.isTextual()) {
            throw new InvalidInputException("modelId must be a string holding the model's UUID");
        }
        String model = Identifiers.uuid("modelId", modelId.isTextual() ? modelId.asText() : null);
        JsonNode method = body.path("method");
        if (!method.isTextual() || method.asText().isBlank()) {
            throw new InvalidInputException("method is " + (method.isMissingNode() || method.isNull() ? "missing"
                    : "not a non-blank string") + "; expected the name of a pruning method, e.g. \"magnitude\"");
        }
        return new PruneJobRequest(model, method.asText().strip(), params(body.path("params")));
    }

    private static Map<String, Object> params(JsonNode params) {
        if (params.isMissingNode() || params.isNull()) {
            return Map.of();
        }
        if (!params.isObject()) {
            throw new InvalidInputException("params must be a JSON object of the method's parameters, e.g."
                    + " {\"sparsity\": 0.5}");
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = params.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                throw new InvalidInputException("params." + field.getKey() + " is null; leave a parameter out to use"
                        + " its default");
            }
        }
        return JSON.convertValue(params, MAP);
    }
}
