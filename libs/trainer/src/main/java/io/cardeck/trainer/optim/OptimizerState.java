package io.cardeck.trainer.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an optimiser's state, for checkpoints: which optimiser, how many updates it made,
 * and its buffers keyed {@code slot/parameter} (e.g. {@code momentum/conv1.weight}).
 *
 * @param buffers the arrays are shared, not copied
 */
public record OptimizerState(String optimizer, long steps, Map<String, float[]> buffers) {

    public OptimizerState {
        Objects.requireNonNull(optimizer, "optimizer");
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }

    /** The key of a parameter's buffer for one slot. */
    public static String key(String slot, String parameter) {
        return slot + "/" + parameter;
    }
}
