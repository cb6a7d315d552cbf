package io.cardeck.pruning.catalog;

import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.recovery.RecoveryParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A validated request for a method: its typed parameters and the optional recovery after it.
 *
 * @param recovery null when the request asks for none
 */
public record MethodRequest<P extends Record>(MethodDescriptor<P> method, P parameters, RecoveryParameters recovery) {

    public MethodRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(parameters, "parameters");
    }

    /** Parameters and recovery as JSON values, defaults included: what the lineage records. */
    public Map<String, Object> recordedParameters() {
        Map<String, Object> recorded = new LinkedHashMap<>(PruningParameters.toMap(parameters));
        if (recovery != null) {
            recorded.put(MethodCatalog.RECOVERY, PruningParameters.toMap(recovery));
        }
        return recorded;
    }
}
