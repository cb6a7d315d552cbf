package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.catalog.MethodRequest;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The implementations of the catalog's methods on this class path, and the one way to run a
 * request: validate, prune, then recover.
 */
public final class PruningMethods {

    private static final Map<String, PruningMethod<?>> BY_NAME = ServiceLoader.load(PruningMethod.class).stream()
            .map(provider -> (PruningMethod<?>) provider.get())
            .collect(Collectors.toUnmodifiableMap(PruningMethod::name, Function.identity()));

    private PruningMethods() {}

    /**
     * The implementation of a described method.
     *
     * @throws InvalidParameterException for an unknown method, or one whose implementation is not
     *     on this class path (the methods that train need cardeck-pruning-training)
     */
    public static PruningMethod<?> byName(String name) {
        MethodDescriptor<?> descriptor = MethodCatalog.byName(name);
        PruningMethod<?> method = BY_NAME.get(descriptor.name());
        if (method == null) {
            throw new InvalidParameterException("pruning method '" + name + "' (" + descriptor.kind().label()
                    + ") has no implementation in this process; the methods that train run where cardeck-pruning-training is");
        }
        return method;
    }

    /** Whether the recovery step (BatchNorm recalibration, fine-tuning) is on this class path. */
    public static Optional<Recovery> recovery() {
        return ServiceLoader.load(Recovery.class).findFirst();
    }

    /**
     * Validates a request for {@code model} without running it: the parameters, then whatever the
     * method checks of the model (e.g. that structured pruning can prove the graph safe to shrink).
     *
     * @return the validated request
     * @throws InvalidParameterException if the request is invalid for this method or model; its
     *     subclass {@link io.cardeck.pruning.graph.UnsupportedGraphException} when the model is
     *     what the method cannot handle
     */
    public static MethodRequest<?> check(OnnxModel model, String method, Map<String, Object> params) {
        MethodRequest<?> request = MethodCatalog.validate(method, params);
        check(model, request);
        return request;
    }

    private static <P extends Record> void check(OnnxModel model, MethodRequest<P> request) {
        @SuppressWarnings("unchecked")
        PruningMethod<P> method = (PruningMethod<P>) byName(request.method().name());
        method.check(model, request.parameters());
    }

    /**
     * Validates {@code params} and runs the method, then the recovery the request asks for.
     *
     * @throws InvalidParameterException if the request is invalid for this method or model
     */
    public static PruningResult run(OnnxModel model, String method, Map<String, Object> params, PruningContext context) {
        return run(model, MethodCatalog.validate(method, params), context);
    }

    public static <P extends Record> PruningResult run(OnnxModel model, MethodRequest<P> request, PruningContext context) {
        @SuppressWarnings("unchecked")
        PruningMethod<P> method = (PruningMethod<P>) byName(request.method().name());
        if (request.recovery() == null || !request.recovery().any()) {
            return method.prune(model, request.parameters(), context);
        }
        Recovery recovery = recovery().orElseThrow(() -> new InvalidParameterException(method.name()
                + ": recovery (BatchNorm recalibration, fine-tuning) runs on the trainer, which is not in this process"));
        context.data(method.name() + " recovery");
        PruningResult pruned = method.prune(model, request.parameters(), withProgressPart(context, 0, 0.5));
        context.checkCancelled();
        return recovery.recover(pruned, request.recovery(), withProgressPart(context, 0.5, 1));
    }

    private static PruningContext withProgressPart(PruningContext context, double from, double to) {
        return context.toBuilder().progress(context.progress().part(from, to)).build();
    }
}
