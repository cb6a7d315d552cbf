package io.cardeck.pruning.magnitude;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.unstructured.Scope;

/**
 * @param sparsity fraction of prunable weights that are zero afterwards, in [0, 1)
 * @param scope    {@code global} (one ranking over all layers, the default) or {@code layer}
 */
public record MagnitudeParameters(@JsonProperty(required = true) double sparsity, Scope scope) {

    public MagnitudeParameters {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new InvalidParameterException("magnitude: sparsity must be in [0, 1), got " + sparsity);
        }
        scope = scope == null ? Scope.GLOBAL : scope;
    }
}
