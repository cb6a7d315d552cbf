package io.cardeck.pruning.allocation.dsa;

import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.allocation.Allocation;
import io.cardeck.pruning.allocation.AllocationInput;
import io.cardeck.pruning.allocation.AllocationParameters;
import io.cardeck.pruning.allocation.AllocationType;
import io.cardeck.pruning.allocation.LayerBudget;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DSA (Huang et al. 2024): per-layer sparsities from an allocation function of each layer's
 * importance scores (the method's own: |w|, |w| x input RMS, or the OBS saliency). The function's
 * number per layer is min-max normalised, {@code r = 1 - n} is spread over {@code 2 * band} and
 * shifted so that the density meets the target (the official code's mapping; a higher number gives
 * a higher sparsity). The function is given, or found by {@link ExpressionSearch} with the loss of
 * the pruned model on held-out training images as fitness.
 */
public final class DsaAllocation implements Allocation {

    private final AllocationParameters parameters;

    public DsaAllocation(AllocationParameters parameters) {
        this.parameters = parameters;
    }

    @Override
    public AllocationType type() {
        return AllocationType.DSA;
    }

    @Override
    public LayerBudget allocate(AllocationInput input) {
        List<float[]> scores = input.scores().get();
        if (parameters.expression() != null) {
            AllocationExpression expression = AllocationExpression.parse(parameters.expression());
            double[] values = values(expression, scores);
            for (int l = 0; l < values.length; l++) {
                if (!Double.isFinite(values[l])) {
                    throw new InvalidParameterException("allocation.expression '" + expression + "' gives " + values[l]
                            + " for layer " + input.target().layers().get(l) + "; choose a function defined on every"
                            + " layer's scores, or leave out the expression to search for one");
                }
            }
            return budget(input, expression, values).orElseThrow().withDetails(Map.of("expression", expression.toString()));
        }
        Map<String, Double> lossByCounts = new HashMap<>();
        input.progress().report(0, "dsa: held-out loss of the uniform allocation");
        double uniformLoss = input.fitness().loss(input.target().uniform());
        ExpressionSearch.Result result = new ExpressionSearch(parameters.population(), parameters.generations(),
                parameters.seed()).search(expression -> budget(input, expression, values(expression, scores))
                        .map(b -> lossByCounts.computeIfAbsent(b.countsKey(), key -> input.fitness().loss(b)))
                        .orElse(Double.POSITIVE_INFINITY),
                input.progress(), input.cancellation());
        if (!Double.isFinite(result.best().loss())) {
            throw new InvalidParameterException("dsa: none of the " + result.evaluated() + " allocation functions tried"
                    + " gives a finite allocation for this model; try another seed or a larger population");
        }
        AllocationExpression best = result.best().expression();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("expression", best.toString());
        details.put("heldOutLoss", result.best().loss());
        details.put("uniformHeldOutLoss", uniformLoss);
        details.put("fitnessImages", parameters.fitnessImages());
        details.put("evaluatedFunctions", result.evaluated());
        details.put("evaluatedAllocations", lossByCounts.size());
        details.put("search", result.history());
        return budget(input, best, values(best, scores)).orElseThrow().withDetails(details);
    }

    private static double[] values(AllocationExpression expression, List<float[]> scores) {
        return scores.stream().mapToDouble(expression::evaluate).toArray();
    }

    /** The budget of a function's numbers; empty when a number is NaN or infinite. */
    private Optional<LayerBudget> budget(AllocationInput input, AllocationExpression expression, double[] values) {
        double[] importance = new double[values.length];
        for (int l = 0; l < values.length; l++) {
            if (!Double.isFinite(values[l])) {
                return Optional.empty();
            }
            importance[l] = -values[l];
        }
        Map<String, Object> details = new LinkedHashMap<>();
        Map<String, Double> byLayer = new LinkedHashMap<>();
        for (int l = 0; l < values.length; l++) {
            byLayer.put(input.target().layers().get(l), values[l]);
        }
        details.put("layerValues", byLayer);
        return Optional.of(input.target().byBand(importance, parameters.band(), details));
    }
}
