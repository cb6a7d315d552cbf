package io.cardeck.pruning.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.gmp.GradualParameters;
import io.cardeck.pruning.l1filter.L1FilterParameters;
import io.cardeck.pruning.lobs.LobsParameters;
import io.cardeck.pruning.lrr.RewindingParameters;
import io.cardeck.pruning.lth.WeightRewindingParameters;
import io.cardeck.pruning.magnitude.MagnitudeParameters;
import io.cardeck.pruning.recovery.RecoveryParameters;
import io.cardeck.pruning.wanda.WandaParameters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every pruning method cardeck has, described: the one registry that the gateway (validation and
 * {@code GET /api/pruning-methods}), the pruner-service and the command line read. An
 * implementation is found by {@link io.cardeck.pruning.PruningMethods}; a test there checks that
 * every method described here runs.
 */
public final class MethodCatalog {

    /** The key of a request's parameters that every method accepts: what to do after pruning. */
    public static final String RECOVERY = "recovery";

    public static final MethodDescriptor<MagnitudeParameters> MAGNITUDE = new MethodDescriptor<>("magnitude",
            MethodKind.UNSTRUCTURED, "Zero the smallest |w| of Conv/Gemm/MatMul weights, one shot, under an allocation"
            + " (global by default); named layers kept dense, a per-layer sparsity cap.", MagnitudeParameters.class);

    public static final MethodDescriptor<WandaParameters> WANDA = new MethodDescriptor<>("wanda",
            MethodKind.UNSTRUCTURED, "Wanda: zero the lowest |w| x input RMS over calibration images within each output"
            + " unit, one shot, under an allocation (uniform by default).", WandaParameters.class);

    public static final MethodDescriptor<LobsParameters> LOBS = new MethodDescriptor<>("lobs",
            MethodKind.UNSTRUCTURED, "Layer-wise Optimal Brain Surgeon: per-layer Hessians of calibration inputs, weights"
            + " removed in ascending w^2 / [H^-1]_qq with the OBS update of the rest of their unit, one shot, under an"
            + " allocation (uniform by default).", LobsParameters.class);

    public static final MethodDescriptor<L1FilterParameters> L1_FILTER = new MethodDescriptor<>("l1-filter",
            MethodKind.STRUCTURED, "Remove whole filters with the smallest L1 norm (Li et al. 2017), per layer or globally:"
            + " coupled channels (residual stages, concatenations, flattened maps) go together, tensors shrink, and what a"
            + " removed channel still contributed is folded into the next layer's bias.", L1FilterParameters.class);

    public static final MethodDescriptor<RewindingParameters> LRR = new MethodDescriptor<>("lrr", MethodKind.ITERATIVE,
            "Learning-rate rewinding (lottery-ticket style): prune a share of the remaining weights by global magnitude,"
            + " retrain with the learning-rate schedule from its start, repeat to the target; each round's model is"
            + " registered. A Winning Hand's CARDs.", RewindingParameters.class);

    public static final MethodDescriptor<WeightRewindingParameters> LTH = new MethodDescriptor<>("lth", MethodKind.ITERATIVE,
            "Lottery ticket with weight rewinding: train the model dense from a fresh initialisation (kept), then in"
            + " rounds prune by global magnitude, rewind the survivors to their values at an early epoch, retrain.",
            WeightRewindingParameters.class);

    public static final MethodDescriptor<GradualParameters> GMP = new MethodDescriptor<>("gmp", MethodKind.GRADUAL,
            "Gradual magnitude pruning (Zhu and Gupta): one training run during which the sparsity rises on a cubic"
            + " schedule by global magnitude every few steps. The traditional baseline of A Winning Hand.",
            GradualParameters.class);

    private static final List<MethodDescriptor<?>> ALL = List.of(MAGNITUDE, WANDA, LOBS, L1_FILTER, LRR, LTH, GMP);

    private MethodCatalog() {}

    /** All methods, by name. */
    public static List<MethodDescriptor<?>> all() {
        return ALL.stream().sorted(java.util.Comparator.comparing(MethodDescriptor::name)).toList();
    }

    /** @throws InvalidParameterException listing the methods there are */
    public static MethodDescriptor<?> byName(String name) {
        return ALL.stream().filter(method -> method.name().equals(name)).findFirst()
                .orElseThrow(() -> new InvalidParameterException("unknown pruning method '" + name + "'; accepted: "
                        + all().stream().map(MethodDescriptor::name).collect(Collectors.joining(", "))));
    }

    /**
     * Checks a request: the method exists, its parameters parse into the method's record with every
     * range and cross-check met, and {@code recovery} (if present) is a valid recovery.
     *
     * @throws InvalidParameterException saying what is wrong and what is accepted
     */
    public static MethodRequest<?> validate(String method, Map<String, Object> params) {
        return validate(byName(method), params);
    }

    private static <P extends Record> MethodRequest<P> validate(MethodDescriptor<P> method, Map<String, Object> params) {
        Map<String, Object> own = new LinkedHashMap<>(params == null ? Map.of() : params);
        Object recovery = own.remove(RECOVERY);
        RecoveryParameters parsedRecovery = null;
        if (recovery != null) {
            if (!(recovery instanceof Map<?, ?> map)) {
                throw new InvalidParameterException(method.name() + ": parameter 'recovery' must be an object such as"
                        + " {\"bnRecalibration\": true, \"finetune\": {\"epochs\": 3}}, got " + recovery);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> recoveryMap = (Map<String, Object>) map;
            parsedRecovery = PruningParameters.parse(method.name() + " recovery", recoveryMap, RecoveryParameters.class);
        }
        P parameters = PruningParameters.parse(method.name(), own, method.parameters());
        return new MethodRequest<>(method, parameters, parsedRecovery);
    }

    /** The JSON Schema of a method's parameters, the shared {@code recovery} object included. */
    public static ObjectNode schema(MethodDescriptor<?> method) {
        ObjectNode schema = ParameterSchemas.of(method.parameters());
        ObjectNode recovery = ParameterSchemas.of(RecoveryParameters.class);
        recovery.remove("$schema");
        ObjectNode properties = schema.with("properties");
        properties.set(RECOVERY, recovery);
        return schema;
    }
}
