package io.cardeck.pruning;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.catalog.MethodRequest;
import io.cardeck.pruning.recovery.BatchNormRecalibration;
import io.cardeck.pruning.recovery.HeldOutAccuracy;
import io.cardeck.pruning.recovery.RecoveryParameters;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The implementations of the catalog's methods on this class path, and the one way to run a
 * request: validate, prune, then recover (BatchNorm recalibration here, through ONNX Runtime;
 * fine-tuning through the {@link Finetuner} beside the trainer).
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

    /** The fine-tuning implementation on this class path, if any (it needs cardeck-pruning-training). */
    public static Optional<Finetuner> finetuner() {
        return ServiceLoader.load(Finetuner.class).findFirst();
    }

    /**
     * Validates {@code params} and runs the method, then the recovery the request asks for.
     *
     * @throws InvalidParameterException if the request is invalid for this method or model
     */
    public static PruningResult run(OnnxModel model, String method, Map<String, Object> params, PruningContext context) {
        return run(model, MethodCatalog.validate(method, params), context);
    }

    /**
     * Runs a validated request: the method, then BatchNorm recalibration and fine-tuning if asked,
     * with the held-out accuracy before and after each in the lineage's recipe ({@code recovery}).
     */
    public static <P extends Record> PruningResult run(OnnxModel model, MethodRequest<P> request, PruningContext context) {
        @SuppressWarnings("unchecked")
        PruningMethod<P> method = (PruningMethod<P>) byName(request.method().name());
        RecoveryParameters recovery = request.recovery();
        if (recovery == null || !recovery.any()) {
            return PruningResults.withParameters(method.prune(model, request.parameters(), context), request);
        }
        CalibrationData data = context.data(method.name() + " recovery");
        Finetuner finetuner = recovery.finetune() == null ? null : finetuner().orElseThrow(() -> new InvalidParameterException(
                method.name() + ": recovery.finetune runs on the trainer, which is not in this process"));
        double pruneShare = recovery.finetune() != null ? 0.1 : 0.5;
        PruningResult result = method.prune(model, request.parameters(), withProgressPart(context, 0, pruneShare));
        context.checkCancelled();
        ImageDataset heldOut = data.validation();
        Map<String, Object> record = new LinkedHashMap<>();
        double accuracy = HeldOutAccuracy.of(result.model(), heldOut);
        if (Boolean.TRUE.equals(recovery.bnRecalibration())) {
            double to = recovery.finetune() != null ? 0.15 : 1;
            OnnxModel recalibrated = BatchNormRecalibration.recalibrate(result.model(), data.calibration(
                    Math.min(recovery.bnImages(), data.trainingImages())), context.progress().part(pruneShare, to));
            double after = HeldOutAccuracy.of(recalibrated, heldOut);
            record.put("bnRecalibration", Map.of("images", recovery.bnImages(), "heldOutBefore", accuracy,
                    "heldOutAfter", after, "batchNorms", BatchNormRecalibration.batchNorms(result.model()).size()));
            result = PruningResults.withModel(result, recalibrated, context);
            accuracy = after;
        }
        if (finetuner != null) {
            context.checkCancelled();
            Finetuner.Finetuned finetuned = finetuner.finetune(result, recovery.finetune(),
                    withProgressPart(context, Boolean.TRUE.equals(recovery.bnRecalibration()) ? 0.15 : pruneShare, 1));
            Map<String, Object> run = new LinkedHashMap<>(finetuned.recipe());
            run.put("heldOutBefore", accuracy);
            run.put("heldOutAfter", HeldOutAccuracy.of(finetuned.model(), heldOut));
            record.put("finetune", run);
            result = PruningResults.withModel(result, finetuned.model(), context);
        }
        result = PruningResults.withRecipe(result, Map.of(MethodCatalog.RECOVERY, record));
        return PruningResults.withParameters(result, request);
    }

    private static PruningContext withProgressPart(PruningContext context, double from, double to) {
        return context.toBuilder().progress(context.progress().part(from, to)).build();
    }
}
