package io.cardeck.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMetadataTest {

    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path dir;

    private final OnnxModel model = TestModels.PureGemm.create().model();

    private static Lineage lineage() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("sparsity", 0.5);
        parameters.put("iterations", 3L);
        parameters.put("scope", "global");
        parameters.put("layers", List.of("conv1", "fc"));
        parameters.put("rewind", true);
        Map<String, Double> sparsity = new LinkedHashMap<>();
        sparsity.put("conv.weight", 0.25);
        sparsity.put("fc.weight", 0.75);
        Map<String, Object> recipe = Map.of("calibration", Map.of("dataset", "fashion-mnist", "seed", 7),
                "layers", List.of(Map.of("name", "fc.weight", "before", List.of(10, 84), "after", List.of(10, 42))));
        return new Lineage("model-17", SHA, "magnitude", parameters, sparsity, Instant.parse("2025-03-04T05:06:07.123Z"),
                recipe);
    }

    @Test
    void metadataSurvivesSaveAndLoad() throws Exception {
        ModelMetadata metadata = ModelMetadata.empty()
                .withDataset("fashion-mnist")
                .withLabels(List.of("T-shirt/top", "Trouser", "Pull\"over"))
                .withLineage(lineage())
                .withProperty("author", "zoo");
        Path file = dir.resolve("m.onnx");
        model.withMetadata(metadata).save(file);

        ModelMetadata read = OnnxModel.load(file).metadata();
        assertEquals(metadata, read);
        assertEquals(3, ((Number) read.lineage().parameters().get("iterations")).intValue());
        assertEquals(List.of("conv1", "fc"), read.lineage().parameters().get("layers"));
        assertEquals(0.75, read.lineage().layerSparsity().get("fc.weight"));
        assertEquals(Map.of("dataset", "fashion-mnist", "seed", 7), read.lineage().recipe().get("calibration"));
    }

    @Test
    void storesCardeckKeysAsDocumented() {
        ModelMetadata metadata = ModelMetadata.empty().withDataset("cifar10").withLabels(List.of("a", "b"))
                .withProperty("note", "x");
        List<StringStringEntryProto> props = model.withMetadata(metadata).proto().getMetadataPropsList();
        assertEquals(List.of("cardeck.dataset", "cardeck.labels", "note"),
                props.stream().map(StringStringEntryProto::getKey).toList());
        assertEquals("cifar10", props.get(0).getValue());
        assertEquals("[\"a\",\"b\"]", props.get(1).getValue());
    }

    @Test
    void modelWithoutMetadataReadsEmpty() {
        ModelMetadata metadata = model.metadata();
        assertNull(metadata.dataset());
        assertEquals(List.of(), metadata.labels());
        assertNull(metadata.lineage());
        assertEquals(Map.of(), metadata.properties());
    }

    @Test
    void withMetadataReplacesEverything() {
        OnnxModel first = model.withMetadata(ModelMetadata.empty().withDataset("a").withProperty("k", "v"));
        OnnxModel second = first.withMetadata(ModelMetadata.empty().withLabels(List.of("x")));
        assertEquals(ModelMetadata.empty().withLabels(List.of("x")), second.metadata());
        assertEquals(model.graph().proto(), second.graph().proto(), "the graph is untouched");
    }

    @Test
    void malformedLabelsNameTheKey() {
        OnnxModel broken = withProp("cardeck.labels", "[\"a\", ");
        OnnxFormatException e = assertThrows(OnnxFormatException.class, broken::metadata);
        assertEquals(OnnxFormatException.Reason.INVALID_METADATA, e.reason());
        assertTrue(e.getMessage().startsWith("pure-gemm: metadata_props key 'cardeck.labels' is invalid: not valid JSON"),
                e.getMessage());

        OnnxFormatException notArray = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.labels", "{\"a\": 1}").metadata());
        assertTrue(notArray.getMessage().contains("expected a JSON array of class names"), notArray.getMessage());
        OnnxFormatException numbers = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.labels", "[1, 2]").metadata());
        assertTrue(numbers.getMessage().contains("expected a JSON array of strings"), numbers.getMessage());
        OnnxFormatException trailing = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.labels", "[\"a\"] junk").metadata());
        assertTrue(trailing.getMessage().contains("'cardeck.labels'"), trailing.getMessage());
    }

    @Test
    void malformedLineageNamesTheKeyAndField() {
        OnnxFormatException json = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", "{method: magnitude}").metadata());
        assertTrue(json.getMessage().contains("metadata_props key 'cardeck.lineage' is invalid: not valid JSON"),
                json.getMessage());

        String missingMethod = "{\"parentSha256\":\"" + SHA + "\",\"createdAt\":\"2025-01-01T00:00:00Z\"}";
        OnnxFormatException field = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", missingMethod).metadata());
        assertTrue(field.getMessage().endsWith("field 'method' is missing or not a string"), field.getMessage());

        String badDate = "{\"parentSha256\":\"" + SHA + "\",\"method\":\"m\",\"createdAt\":\"yesterday\"}";
        OnnxFormatException date = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", badDate).metadata());
        assertTrue(date.getMessage().contains("'createdAt' must be an ISO-8601 instant"), date.getMessage());

        String badSha = "{\"parentSha256\":\"xyz\",\"method\":\"m\",\"createdAt\":\"2025-01-01T00:00:00Z\"}";
        OnnxFormatException sha = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", badSha).metadata());
        assertTrue(sha.getMessage().contains("parentSha256 must be 64 lowercase hex digits"), sha.getMessage());

        String badSparsity = "{\"parentSha256\":\"" + SHA + "\",\"method\":\"m\",\"createdAt\":\"2025-01-01T00:00:00Z\","
                + "\"layerSparsity\":{\"w\":\"half\"}}";
        OnnxFormatException sparsity = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", badSparsity).metadata());
        assertTrue(sparsity.getMessage().contains("sparsity of layer 'w' must be a number"), sparsity.getMessage());
        String badRecipe = "{\"parentSha256\":\"" + SHA + "\",\"method\":\"m\",\"createdAt\":\"2025-01-01T00:00:00Z\","
                + "\"recipe\":[1]}";
        OnnxFormatException recipe = assertThrows(OnnxFormatException.class,
                () -> withProp("cardeck.lineage", badRecipe).metadata());
        assertTrue(recipe.getMessage().contains("'recipe' must be a JSON object"), recipe.getMessage());
    }

    @Test
    void minimalLineageReadsWithDefaults() {
        String minimal = "{\"parentSha256\":\"" + SHA + "\",\"method\":\"lobs\",\"createdAt\":\"2025-01-01T00:00:00Z\"}";
        Lineage read = withProp("cardeck.lineage", minimal).metadata().lineage();
        assertEquals(new Lineage(null, SHA, "lobs", Map.of(), Map.of(), Instant.parse("2025-01-01T00:00:00Z")), read);
    }

    @Test
    void invalidValuesAreRefusedWhenBuilt() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new Lineage(null, SHA, " ", Map.of(), Map.of(), now));
        assertThrows(IllegalArgumentException.class, () -> new Lineage(null, SHA.toUpperCase(), "m", Map.of(), Map.of(), now));
        assertThrows(IllegalArgumentException.class, () -> new Lineage(null, SHA, "m", Map.of(), Map.of("w", 1.5), now));
        IllegalArgumentException reserved = assertThrows(IllegalArgumentException.class,
                () -> ModelMetadata.empty().withProperty("cardeck.labels", "[]"));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
    }

    private OnnxModel withProp(String key, String value) {
        return OnnxModel.of(model.proto().toBuilder()
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey(key).setValue(value)).build(), "pure-gemm");
    }
}
