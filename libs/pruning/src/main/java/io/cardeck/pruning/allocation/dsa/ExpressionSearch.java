package io.cardeck.pruning.allocation.dsa;

import io.cardeck.pruning.JobProgress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * DSA's evolutionary search over allocation functions: a random first population (0-2 element-wise
 * operators, one reduction, 0-2 transforms, as the official random graphs), then each generation
 * as many children as the population, each from two tournament winners by segment crossover
 * and/or one mutation (replace, insert or drop an operator), and the best of parents and children
 * survive. Every random choice comes from one seeded generator, so the same seed, model and data
 * find the same function.
 */
public final class ExpressionSearch {

    private static final int MAX_SEGMENT = 3;
    private static final double CROSSOVER = 0.5;
    private static final int ATTEMPTS = 50;

    private final int population;
    private final int generations;
    private final SplittableRandom random;

    /** One evaluated function and its loss (infinite when it cannot allocate). */
    public record Candidate(AllocationExpression expression, double loss) {}

    /** The best function, its loss, the best loss after each generation, and how many were tried. */
    public record Result(Candidate best, List<Map<String, Object>> history, int evaluated) {}

    public ExpressionSearch(int population, int generations, long seed) {
        this.population = population;
        this.generations = generations;
        this.random = new SplittableRandom(seed);
    }

    /**
     * @param loss         a function's held-out loss, infinite when it gives no valid allocation
     * @param progress     told after each generation
     * @param cancellation run between evaluations
     */
    public Result search(ToDoubleFunction<AllocationExpression> loss, JobProgress progress, Runnable cancellation) {
        Set<String> seen = new HashSet<>();
        List<Candidate> current = new ArrayList<>();
        for (int attempt = 0; current.size() < population && attempt < population * ATTEMPTS; attempt++) {
            AllocationExpression expression = randomExpression();
            if (seen.add(expression.toString())) {
                cancellation.run();
                current.add(new Candidate(expression, loss.applyAsDouble(expression)));
            }
        }
        current.sort(ORDER);
        List<Map<String, Object>> history = new ArrayList<>();
        history.add(entry(0, current.get(0)));
        progress.report(1.0 / (generations + 1), message(0, current.get(0)));
        for (int generation = 1; generation <= generations; generation++) {
            List<Candidate> next = new ArrayList<>(current);
            int children = 0;
            for (int attempt = 0; children < population && attempt < population * ATTEMPTS; attempt++) {
                AllocationExpression child = child(tournament(current), tournament(current));
                if (seen.add(child.toString())) {
                    cancellation.run();
                    next.add(new Candidate(child, loss.applyAsDouble(child)));
                    children++;
                }
            }
            next.sort(ORDER);
            current = new ArrayList<>(next.subList(0, Math.min(population, next.size())));
            history.add(entry(generation, current.get(0)));
            progress.report((generation + 1.0) / (generations + 1), message(generation, current.get(0)));
        }
        return new Result(current.get(0), history, seen.size());
    }

    /** Lower loss first; equal losses by the text, so that the order never depends on evaluation order. */
    private static final Comparator<Candidate> ORDER = Comparator.comparingDouble(Candidate::loss)
            .thenComparing(c -> c.expression().toString());

    private String message(int generation, Candidate best) {
        return "dsa generation " + generation + "/" + generations + ": best held-out loss "
                + String.format(java.util.Locale.ROOT, "%.4f", best.loss()) + " for " + best.expression();
    }

    private static Map<String, Object> entry(int generation, Candidate best) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("generation", generation);
        entry.put("bestLoss", best.loss());
        entry.put("expression", best.expression().toString());
        return entry;
    }

    AllocationExpression randomExpression() {
        List<ElementOperator> elementwise = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            elementwise.add(pick(ElementOperator.values()));
        }
        List<ScalarOperator> transforms = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            transforms.add(pick(ScalarOperator.values()));
        }
        return new AllocationExpression(elementwise, pick(Reduction.values()), transforms);
    }

    private Candidate tournament(List<Candidate> candidates) {
        Candidate a = candidates.get(random.nextInt(candidates.size()));
        Candidate b = candidates.get(random.nextInt(candidates.size()));
        return ORDER.compare(a, b) <= 0 ? a : b;
    }

    /** Crossover at a segment boundary with probability {@link #CROSSOVER}, then one mutation. */
    private AllocationExpression child(Candidate first, Candidate second) {
        AllocationExpression a = first.expression();
        AllocationExpression b = second.expression();
        AllocationExpression child = a;
        if (random.nextDouble() < CROSSOVER) {
            child = random.nextBoolean()
                    ? new AllocationExpression(a.elementwise(), b.reduction(), b.transforms())
                    : new AllocationExpression(a.elementwise(), a.reduction(), b.transforms());
        }
        return mutate(child);
    }

    AllocationExpression mutate(AllocationExpression expression) {
        List<ElementOperator> elementwise = new ArrayList<>(expression.elementwise());
        Reduction reduction = expression.reduction();
        List<ScalarOperator> transforms = new ArrayList<>(expression.transforms());
        switch (random.nextInt(3)) {
            case 0 -> mutateSegment(elementwise, ElementOperator.values());
            case 1 -> reduction = pick(Reduction.values());
            default -> mutateSegment(transforms, ScalarOperator.values());
        }
        return new AllocationExpression(elementwise, reduction, transforms);
    }

    private <T> void mutateSegment(List<T> segment, T[] operators) {
        int action = random.nextInt(3);
        if (action == 0 && !segment.isEmpty()) {
            segment.set(random.nextInt(segment.size()), pick(operators));
        } else if (action == 1 && segment.size() < MAX_SEGMENT) {
            segment.add(random.nextInt(segment.size() + 1), pick(operators));
        } else if (!segment.isEmpty()) {
            segment.remove(random.nextInt(segment.size()));
        } else {
            segment.add(pick(operators));
        }
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }
}
