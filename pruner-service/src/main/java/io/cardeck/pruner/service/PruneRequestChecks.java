package io.cardeck.pruner.service;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.graph.UnsupportedGraphException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks a prune request against its model before the gateway accepts it, without pruning: the
 * method's own checks of the model (structured pruning traces the graph), which only this service
 * can make, as it holds the models and every method.
 */
@ApplicationScoped
public class PruneRequestChecks {

    private final ModelRegistry registry;

    public PruneRequestChecks(ModelRegistry registry) {
        this.registry = registry;
    }

    /**
     * @throws RejectedException UNKNOWN if no model has the id, INVALID if the method or its
     *     parameters do not fit (the reason named), UNSUPPORTED if the method cannot prune this model
     *     (naming the node it cannot handle)
     */
    public void check(PruneJobs.JobRequest request) {
        ModelRegistry.StoredModel stored = registry.load(request.modelId());
        try {
            PruningMethods.check(OnnxModel.parse(stored.onnx(), "model " + stored.model().id), request.method(),
                    request.params());
        } catch (UnsupportedGraphException e) {
            throw new RejectedException(Rejection.UNSUPPORTED, e.getMessage(), e);
        } catch (InvalidParameterException e) {
            throw new RejectedException(Rejection.INVALID, e.getMessage(), e);
        }
    }
}
