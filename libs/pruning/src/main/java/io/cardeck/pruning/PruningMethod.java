package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.catalog.MethodDescriptor;

/**
 * The implementation of a method of the {@link io.cardeck.pruning.catalog.MethodCatalog}. Found
 * by {@link PruningMethods} through {@link java.util.ServiceLoader}, so that the methods that
 * train live beside the trainer, in another library.
 *
 * @param <P> the method's parameter record
 */
public interface PruningMethod<P extends Record> {

    MethodDescriptor<P> descriptor();

    default String name() {
        return descriptor().name();
    }

    /**
     * Checks, without pruning, that {@code model} can be pruned with {@code parameters}: what the
     * platform calls when a request arrives, so that a request that would fail is refused at once.
     * Cheap (no inference, no training); by default nothing beyond the parameters' own validation.
     *
     * @throws InvalidParameterException if the parameters do not fit this model (the reason named)
     */
    default void check(OnnxModel model, P parameters) {
    }

    /**
     * Prunes {@code model}; the result's model carries its lineage in the metadata.
     *
     * @throws InvalidParameterException if the parameters do not fit this model (the reason named)
     * @throws PruningCancelledException if the context is cancelled meanwhile
     */
    PruningResult prune(OnnxModel model, P parameters, PruningContext context);
}
