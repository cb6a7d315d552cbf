package io.cardeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MethodsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String cardeck(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = CardeckCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, commandLine.execute(args));
        return out.toString();
    }

    @Test
    void theTableListsEachMethodAndEachParameterWithItsDefaultAndRange() {
        String table = cardeck("methods");
        for (MethodDescriptor<?> method : MethodCatalog.all()) {
            assertTrue(table.contains(method.name() + " parameters:"), table);
            assertTrue(table.contains(method.description()), method.name());
        }
        assertTrue(table.lines().anyMatch(l -> l.startsWith("magnitude") && l.contains("unstructured") && l.contains(" no ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("lrr") && l.contains("iterative") && l.contains(" yes ")), table);
        assertTrue(row(table, "sparsity").contains("(required)") && row(table, "sparsity").contains("[0, 1)"), table);
        assertTrue(row(table, "allocation.type").contains("uniform|global|erk|owl|dsa"), row(table, "allocation.type"));
        assertTrue(row(table, "maxLayerSparsity").contains("(0, 1]"), table);
        assertTrue(row(table, "recovery.finetune.epochs").contains("[1, 200]"), table);
        assertTrue(row(table, "recovery.finetune.seed").contains("[0, inf)"), table);
        // LRR's retraining object declares its own defaults, which win over fine-tuning's when it is left out.
        assertTrue(row(table, "retraining.epochs").matches(".*\\s5\\s.*"), row(table, "retraining.epochs"));
        assertTrue(row(table, "retraining.learningRate").matches(".*\\s0\\.1\\s.*"), row(table, "retraining.learningRate"));
    }

    @Test
    void jsonIsTheCatalogWithEachMethodsSchemaAsTheApiServesIt() throws Exception {
        JsonNode catalog = JSON.readTree(cardeck("methods", "--json"));
        assertEquals(MethodCatalog.all().stream().map(MethodDescriptor::name).toList(),
                StreamSupport.stream(catalog.spliterator(), false).map(m -> m.get("name").asText()).toList());
        for (JsonNode method : catalog) {
            MethodDescriptor<?> described = MethodCatalog.byName(method.get("name").asText());
            assertEquals(described.kind().label(), method.get("kind").asText());
            assertEquals(described.kind().trains(), method.get("trains").asBoolean());
            assertEquals(JSON.readTree(MethodCatalog.schema(described).toString()), method.get("parameters"));
        }
    }

    @Test
    void nestedParametersFlattenIntoTheKeysThatPruneTakes() {
        List<String> keys = MethodsCommand.parameters(MethodCatalog.schema(MethodCatalog.MAGNITUDE)).stream()
                .map(MethodsCommand.ParameterRow::key).toList();
        assertTrue(keys.containsAll(List.of("sparsity", "allocation.type", "keepDense", "maxLayerSparsity", "recovery.bnRecalibration",
                "recovery.bnImages", "recovery.finetune.epochs", "recovery.finetune.domain")), keys.toString());
    }

    /** The first table line of a parameter. */
    private static String row(String table, String key) {
        return table.lines().filter(l -> l.trim().startsWith(key + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + key + " in\n" + table));
    }
}
