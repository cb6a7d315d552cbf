package io.cardeck.pruning.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A method of the catalog as users read it, the same in {@code GET /api/pruning-methods} and
 * {@code cardeck methods --json}.
 *
 * @param kind       unstructured, structured, iterative or gradual
 * @param trains     true when the method itself trains: a long job, run beside the trainer
 * @param parameters the JSON Schema of its parameters (defaults, ranges, enumerations, required
 *                   ones; unknown parameters refused), the shared {@code recovery} object included
 */
public record MethodDocumentation(String name, MethodKind kind, boolean trains, String description, ObjectNode parameters) {

    public static MethodDocumentation of(MethodDescriptor<?> method) {
        return new MethodDocumentation(method.name(), method.kind(), method.kind().trains(), method.description(),
                MethodCatalog.schema(method));
    }

    /** Every method, by name. */
    public static List<MethodDocumentation> all() {
        return MethodCatalog.all().stream().map(MethodDocumentation::of).toList();
    }
}
