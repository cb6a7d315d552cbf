package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDocumentation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "methods", mixinStandardHelpOptions = true,
        description = {"The pruning methods: what each does, its kind, and its parameters with defaults and accepted ranges.",
                "Parameters are given to `cardeck prune` as --param KEY=VALUE, dotted keys for nested ones"
                        + " (recovery.finetune.epochs=3). --json prints the catalog with each method's JSON Schema, as"
                        + " GET /api/pruning-methods answers."})
final class MethodsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "The catalog as JSON, with the parameters' JSON Schema.")
    boolean json;

    /** One parameter as the table shows it: its dotted key, JSON type, default and accepted values. */
    record ParameterRow(String key, String type, String defaultValue, String accepted, String description) {}

    @Override
    public void run() {
        Output.print(spec, json, MethodDocumentation.all(), MethodsCommand::render);
    }

    private static String render(List<MethodDocumentation> methods) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%-12s %-13s %-6s %s%n", "method", "kind", "trains", "what it does"));
        for (MethodDocumentation method : methods) {
            text.append(String.format("%-12s %-13s %-6s %s%n", method.name(), method.kind().label(),
                    method.trains() ? "yes" : "no", method.description()));
        }
        for (MethodDocumentation method : methods) {
            text.append(System.lineSeparator()).append(method.name()).append(" parameters:").append(System.lineSeparator());
            table(text, parameters(method.parameters()).stream()
                    .filter(row -> !row.key().startsWith(MethodCatalog.RECOVERY + ".")).toList());
        }
        MethodDocumentation any = methods.get(0);
        text.append(System.lineSeparator()).append("every method also accepts (what to do after pruning: BatchNorm recalibration, then fine-tuning):")
                .append(System.lineSeparator());
        table(text, parameters(any.parameters()).stream()
                .filter(row -> row.key().startsWith(MethodCatalog.RECOVERY + ".")).toList());
        return text.toString();
    }

    private static void table(StringBuilder text, List<ParameterRow> rows) {
        for (ParameterRow row : rows) {
            text.append(String.format("  %-32s %-8s %-22s %-22s %s%n", row.key(), row.type(), row.defaultValue(),
                    row.accepted(), row.description()));
        }
    }

    /**
     * The leaf parameters of a method's parameter schema, nested objects flattened into dotted keys
     * (as {@code --param} takes them).
     */
    static List<ParameterRow> parameters(JsonNode schema) {
        return parameters(schema, schema, "", MissingNode.getInstance());
    }

    /**
     * @param defaults the default of the enclosing object, if it declares one: it wins over its
     *     members' own defaults when the object is left out
     */
    private static List<ParameterRow> parameters(JsonNode root, JsonNode schema, String prefix, JsonNode defaults) {
        JsonNode object = resolve(root, schema);
        List<String> required = StreamSupport.stream(object.path("required").spliterator(), false)
                .map(JsonNode::asText).toList();
        List<ParameterRow> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.path("properties").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode property = resolve(root, field.getValue());
            String key = prefix + field.getKey();
            JsonNode inherited = defaults.path(field.getKey());
            if (property.has("properties")) {
                JsonNode own = field.getValue().has("default") ? field.getValue().get("default") : property.path("default");
                rows.addAll(parameters(root, property, key + ".", inherited.isMissingNode() ? own : inherited));
                continue;
            }
            String defaultValue = required.contains(field.getKey()) ? "(required)"
                    : !inherited.isMissingNode() ? text(inherited)
                    : property.has("default") ? text(property.get("default")) : "";
            rows.add(new ParameterRow(key, type(property), defaultValue, accepted(property),
                    property.path("description").asText("")));
        }
        return rows;
    }

    /** A {@code $ref} to the schema's own {@code $defs} followed; any other schema as it is. */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        String reference = schema.path("$ref").asText("");
        return reference.startsWith("#/") ? root.at(reference.substring(1)) : schema;
    }

    private static String type(JsonNode property) {
        JsonNode type = property.path("type");
        String name = type.isArray() ? StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText)
                .filter(t -> !t.equals("null")).collect(Collectors.joining("|")) : type.asText("");
        return property.has("enum") ? "enum" : name;
    }

    /** Enumerations as a|b, ranges as [min, max) with the brackets saying which ends are included. */
    static String accepted(JsonNode property) {
        if (property.has("enum")) {
            return StreamSupport.stream(property.get("enum").spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining("|"));
        }
        String low = property.has("minimum") ? "[" + number(property.get("minimum"))
                : property.has("exclusiveMinimum") ? "(" + number(property.get("exclusiveMinimum")) : null;
        String high = property.has("maximum") ? number(property.get("maximum")) + "]"
                : property.has("exclusiveMaximum") ? number(property.get("exclusiveMaximum")) + ")" : null;
        if (low == null && high == null) {
            return "";
        }
        return (low == null ? "(-inf" : low) + ", " + (high == null ? "inf)" : high);
    }

    private static String number(JsonNode value) {
        return value.isIntegralNumber() || value.asDouble() == Math.rint(value.asDouble()) && Math.abs(value.asDouble()) < 1e15
                ? Long.toString(value.asLong()) : value.asText();
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
