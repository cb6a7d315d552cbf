package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes {@link ModelMetadata} as ONNX metadata_props entries. */
final class MetadataCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final TypeReference<LinkedHashMap<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    private MetadataCodec() {
    }

    static ModelMetadata read(List<StringStringEntryProto> entries, String source) {
        String dataset = null;
        List<String> labels = List.of();
        Lineage lineage = null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (StringStringEntryProto entry : entries) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case ModelMetadata.DATASET_KEY -> dataset = value;
                case ModelMetadata.LABELS_KEY -> labels = readLabels(value, source);
                case ModelMetadata.LINEAGE_KEY -> lineage = readLineage(value, source);
                default -> properties.put(key, value);
            }
        }
        return new ModelMetadata(dataset, labels, lineage, properties);
    }

    static List<StringStringEntryProto> write(ModelMetadata metadata) {
        List<StringStringEntryProto> entries = new ArrayList<>();
        if (metadata.dataset() != null) {
            entries.add(entry(ModelMetadata.DATASET_KEY, metadata.dataset()));
        }
        if (!metadata.labels().isEmpty()) {
            ArrayNode labels = JSON.createArrayNode();
            metadata.labels().forEach(labels::add);
            entries.add(entry(ModelMetadata.LABELS_KEY, labels.toString()));
        }
        if (metadata.lineage() != null) {
            entries.add(entry(ModelMetadata.LINEAGE_KEY, lineageJson(metadata.lineage()).toString()));
        }
        metadata.properties().forEach((key, value) -> entries.add(entry(key, value)));
        return entries;
    }

    /** Passes parameters through JSON text so that stored and re-read values have the same Java types. */
    static Map<String, Object> normaliseParameters(Map<String, Object> parameters) {
        try {
            return Collections.unmodifiableMap(JSON.readValue(JSON.writeValueAsBytes(parameters), PARAMETERS));
        } catch (IOException e) {
            throw new IllegalArgumentException("lineage parameters must be JSON values: " + e.getMessage(), e);
        }
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static List<String> readLabels(String value, String source) {
        JsonNode node = parse(ModelMetadata.LABELS_KEY, value, source);
        if (!node.isArray()) {
            throw invalid(ModelMetadata.LABELS_KEY, source, "expected a JSON array of class names, got " + node.getNodeType());
        }
        List<String> labels = new ArrayList<>(node.size());
        for (JsonNode label : node) {
            if (!label.isTextual()) {
                throw invalid(ModelMetadata.LABELS_KEY, source, "expected a JSON array of strings, found " + label);
            }
            labels.add(label.asText());
        }
        return labels;
    }

    private static ObjectNode lineageJson(Lineage lineage) {
        ObjectNode node = JSON.createObjectNode();
        node.put("parentModelId", lineage.parentModelId());
        node.put("parentSha256", lineage.parentSha256());
        node.put("method", lineage.method());
        node.set("parameters", JSON.valueToTree(lineage.parameters()));
        ObjectNode sparsity = node.putObject("layerSparsity");
        lineage.layerSparsity().forEach(sparsity::put);
        node.put("createdAt", lineage.createdAt().toString());
        if (!lineage.recipe().isEmpty()) {
            node.set("recipe", JSON.valueToTree(lineage.recipe()));
        }
        return node;
    }

    private static Lineage readLineage(String value, String source) {
        String key = ModelMetadata.LINEAGE_KEY;
        JsonNode node = parse(key, value, source);
        if (!node.isObject()) {
            throw invalid(key, source, "expected a JSON object, got " + node.getNodeType());
        }
        JsonNode parameters = node.path("parameters");
        if (!parameters.isMissingNode() && !parameters.isObject()) {
            throw invalid(key, source, "'parameters' must be a JSON object");
        }
        JsonNode recipe = node.path("recipe");
        if (!recipe.isMissingNode() && !recipe.isObject()) {
            throw invalid(key, source, "'recipe' must be a JSON object");
        }
        JsonNode sparsityNode = node.path("layerSparsity");
        if (!sparsityNode.isMissingNode() && !sparsityNode.isObject()) {
            throw invalid(key, source, "'layerSparsity' must be a JSON object of layer -> fraction");
        }
        Map<String, Double> sparsity = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sparsityNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> layer = it.next();
            if (!layer.getValue().isNumber()) {
                throw invalid(key, source, "sparsity of layer '" + layer.getKey() + "' must be a number, got " + layer.getValue());
            }
            sparsity.put(layer.getKey(), layer.getValue().asDouble());
        }
        try {
            Instant createdAt = Instant.parse(requiredText(node, "createdAt", key, source));
            Map<String, Object> parameterMap = parameters.isMissingNode()
                    ? Map.of() : JSON.convertValue(parameters, PARAMETERS);
            return new Lineage(
                    node.hasNonNull("parentModelId") ? node.get("parentModelId").asText() : null,
                    requiredText(node, "parentSha256", key, source),
                    requiredText(node, "method", key, source),
                    parameterMap, sparsity, createdAt,
                    recipe.isMissingNode() ? Map.of() : JSON.convertValue(recipe, PARAMETERS));
        } catch (DateTimeParseException e) {
            throw invalid(key, source, "'createdAt' must be an ISO-8601 instant such as 2025-01-31T12:00:00Z");
        } catch (IllegalArgumentException e) {
            throw invalid(key, source, e.getMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, String key, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw invalid(key, source, "field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static JsonNode parse(String key, String value, String source) {
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw invalid(key, source, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static OnnxFormatException invalid(String key, String source, String problem) {
        return new OnnxFormatException(source, OnnxFormatException.Reason.INVALID_METADATA,
                "metadata_props key '" + key + "' is invalid: " + problem);
    }
}
