package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;

/**
 * A pruning method registered by name. Its parameters are a typed record that validates itself;
 * {@link PruningParameters#parse} turns a request's JSON map into it.
 *
 * @param <P> the method's parameter record
 */
public interface PruningMethod<P extends Record> {

    /** Registered name, e.g. {@code magnitude}. */
    String name();

    /** One line for users: what the method does. */
    String description();

    Class<P> parametersType();

    /** Prunes {@code model}; the result's model carries its lineage in the metadata. */
    PruningResult prune(OnnxModel model, P parameters, PruningContext context);

    /** Parses and validates {@code raw} parameters, then prunes. */
    default PruningResult prune(OnnxModel model, java.util.Map<String, Object> raw, PruningContext context) {
        return prune(model, PruningParameters.parse(name(), raw, parametersType()), context);
    }
}
