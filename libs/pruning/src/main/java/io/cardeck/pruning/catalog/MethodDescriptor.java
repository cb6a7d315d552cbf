package io.cardeck.pruning.catalog;

import java.util.Objects;

/**
 * A pruning method as users see it: its name, kind, what it does, and its parameter record (whose
 * components carry descriptions, defaults and ranges). Descriptions need no implementation, so the
 * gateway validates requests for methods that run on the trainer without loading PyTorch.
 *
 * @param <P> the parameter record
 */
public record MethodDescriptor<P extends Record>(String name, MethodKind kind, String description, Class<P> parameters) {

    public MethodDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parameters, "parameters");
    }
}
