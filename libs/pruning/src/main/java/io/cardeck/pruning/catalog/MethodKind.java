package io.cardeck.pruning.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a method does to a model, and what it costs to run. */
public enum MethodKind {
    /** Zeroes individual weights, one shot; shapes stay. */
    UNSTRUCTURED(false),
    /** Removes whole filters and channels: smaller tensors, fewer MACs. */
    STRUCTURED(false),
    /** Prunes and retrains in rounds (LRR, LTH): a long job of many epochs. */
    ITERATIVE(true),
    /** Prunes gradually during one training run (GMP, GraNet): a long job. */
    GRADUAL(true);

    private final boolean trains;

    MethodKind(boolean trains) {
        this.trains = trains;
    }

    /** True when the method itself trains (and so runs on the trainer, as a long job). */
    public boolean trains() {
        return trains;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
