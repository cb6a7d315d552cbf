package io.cardeck.cli;

import io.cardeck.cli.PruningStudyCommand.Row;
import io.cardeck.cli.PruningStudyCommand.Study;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/** A pruning study as Markdown (a table per model, then the papers' claims checked on its rows) and as CSV. */
final class PruningStudyReport {

    private PruningStudyReport() {}

    static String markdown(Study study) {
        StringBuilder text = new StringBuilder();
        text.append("Reproduce: `").append(study.command()).append("`\n\n");
        text.append(String.format(Locale.ROOT, "clean: the whole %s test split; robust: mean over the 15 standard corruptions"
                + " x 5 severities of the first %d test images (suite seed 0); latency: ONNX Runtime, one thread, batch %d,"
                + " median of 10 runs; prune s: the method and its recovery (finetune: %d epochs in the model's own"
                + " augmentation domain). Calibration and held-out images come from the training split.%n",
                study.dataset(), study.imagesPerCell(), study.latencyBatch(), study.finetuneEpochs()));
        for (String model : new LinkedHashSet<>(study.rows().stream().map(Row::model).toList())) {
            List<Row> rows = study.rows().stream().filter(r -> r.model().equals(model)).toList();
            text.append("\n### ").append(model).append("\n\n");
            text.append("| method | allocation / scope | target | recovery | weight sparsity | non-zero params | non-zero MACs"
                    + " | clean | robust | noise | blur | weather | digital | latency ms | prune s |\n");
            text.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row row : rows) {
                String target = row.target() == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * row.target());
                if (!row.succeeded()) {
                    text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | failed: %s | | | | | | | | | | %.1f |%n",
                            row.method(), row.allocation(), target, row.recovery(), row.failure().replace("|", "/"),
                            row.pruneSeconds()));
                    continue;
                }
                text.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f%% | %,d | %,d | %.2f%% | %.2f%% | %.2f%%"
                                + " | %.2f%% | %.2f%% | %.2f%% | %.2f | %.1f |%n", row.method(), row.allocation(), target,
                        row.recovery(),
                        100 * row.weightSparsity(), row.nonZeroParameters(), row.nonZeroMacs(), 100 * row.clean(),
                        100 * row.robust(), 100 * row.families().get("noise"), 100 * row.families().get("blur"),
                        100 * row.families().get("weather"), 100 * row.families().get("digital"), row.latencyMs(),
                        row.pruneSeconds()));
            }
        }
        text.append("\n### The papers' claims on these rows\n\n");
        claims(study.rows()).forEach(line -> text.append("- ").append(line).append('\n'));
        List<String> slices = claimsBySlice(study.rows());
        if (!slices.isEmpty()) {
            text.append("\n#### By model and recovery, and L-OBS by allocation\n\n");
            slices.forEach(line -> text.append("- ").append(line).append('\n'));
        }
        return text.toString();
    }

    /**
     * The claims within each model and recovery, and L-OBS against magnitude within each allocation of those:
     * what the pooled lines average over (a claim can hold on one model or allocation and fail on another).
     * Empty for a study of one model, one recovery and one allocation, where the pooled lines say it all.
     */
    static List<String> claimsBySlice(List<Row> rows) {
        List<String> models = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Row::model).toList()));
        List<String> recoveries = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(Row::recovery).toList()));
        List<String> allocations = new ArrayList<>(new LinkedHashSet<>(rows.stream().filter(r -> r.target() > 0)
                .map(Row::allocation).toList()));
        List<String> lines = new ArrayList<>();
        if (models.size() == 1 && recoveries.size() == 1 && allocations.size() == 1) {
            return lines;
        }
        for (String model : models) {
            for (String recovery : recoveries) {
                List<Row> slice = rows.stream().filter(r -> r.model().equals(model) && r.recovery().equals(recovery)).toList();
                String prefix = model + ", recovery " + recovery;
                claimLines(slice).forEach(line -> lines.add(prefix + ": " + line));
                for (String allocation : allocations) {
                    compare(slice.stream().filter(r -> r.allocation().equals(allocation)).toList(), "L-OBS against magnitude",
                            r -> r.method().equals("lobs"), r -> r.method().equals("magnitude"), r -> true, (a, b) -> true,
                            "magnitude").ifPresent(line -> lines.add(prefix + ", " + allocation + ": " + line));
                }
            }
        }
        return lines;
    }

    /**
     * The claims that this grid can check, each as "won N of M pairs" with the mean difference: L-OBS
     * against magnitude at equal model, allocation, sparsity and recovery; a DSA allocation against
     * uniform for the same base method, model, sparsity (70% and above) and recovery.
     */
    static List<String> claims(List<Row> rows) {
        List<String> lines = claimLines(rows);
        if (lines.isEmpty()) {
            lines.add("this grid holds no pair that a claim compares (it needs lobs beside magnitude, or dsa beside uniform)");
        }
        return lines;
    }

    private static List<String> claimLines(List<Row> rows) {
        List<String> lines = new ArrayList<>();
        compare(rows, "L-OBS keeps more accuracy than magnitude at equal sparsity and allocation",
                r -> r.method().equals("lobs"), r -> r.method().equals("magnitude"), r -> true,
                (a, b) -> a.allocation().equals(b.allocation()), "magnitude").ifPresent(lines::add);
        for (String method : List.of("magnitude", "wanda", "lobs")) {
            compare(rows, "DSA allocation beats uniform for " + method + " at 70% and above",
                    r -> r.method().equals(method) && r.allocation().equals("dsa"),
                    r -> r.method().equals(method) && r.allocation().equals("uniform"), r -> r.target() >= 0.7 - 1e-9,
                    (a, b) -> true, "uniform").ifPresent(lines::add);
        }
        return lines;
    }

    private static Optional<String> compare(List<Row> rows, String claim, Predicate<Row> challenger, Predicate<Row> baseline,
                                            Predicate<Row> scope, BiPredicate<Row, Row> alike, String baselineName) {
        List<Row[]> pairs = new ArrayList<>();
        for (Row row : rows) {
            if (!row.succeeded() || !challenger.test(row) || !scope.test(row)) {
                continue;
            }
            rows.stream().filter(other -> other.succeeded() && baseline.test(other) && other.model().equals(row.model())
                            && other.target() == row.target() && other.recovery().equals(row.recovery())
                            && alike.test(row, other))
                    .findFirst().ifPresent(other -> pairs.add(new Row[] {row, other}));
        }
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "%s: clean accuracy higher in %s, robust in %s (against %s; %s)", claim,
                tally(pairs, Row::clean), tally(pairs, Row::robust), baselineName,
                verdict(pairs)));
    }

    private static String tally(List<Row[]> pairs, ToDoubleFunction<Row> figure) {
        long wins = pairs.stream().filter(p -> figure.applyAsDouble(p[0]) > figure.applyAsDouble(p[1])).count();
        double mean = pairs.stream().mapToDouble(p -> figure.applyAsDouble(p[0]) - figure.applyAsDouble(p[1])).average()
                .orElseThrow();
        return String.format(Locale.ROOT, "%d of %d pairs (mean difference %+.2f points)", wins, pairs.size(), 100 * mean);
    }

    private static String verdict(List<Row[]> pairs) {
        long cleanWins = pairs.stream().filter(p -> p[0].clean() > p[1].clean()).count();
        long robustWins = pairs.stream().filter(p -> p[0].robust() > p[1].robust()).count();
        if (2 * cleanWins > pairs.size() && 2 * robustWins > pairs.size()) {
            return "holds on most pairs";
        }
        if (2 * cleanWins < pairs.size() && 2 * robustWins < pairs.size()) {
            return "does not hold on most pairs";
        }
        return "mixed";
    }

    static String csv(Study study) {
        StringBuilder csv = new StringBuilder("model,method,allocation,target,recovery,weight_sparsity,parameters,"
                + "nonzero_parameters,macs,nonzero_macs,clean_acc,robust_acc,noise_acc,blur_acc,weather_acc,digital_acc,"
                + "latency_ms,prune_seconds,failure\n");
        for (Row row : study.rows()) {
            if (!row.succeeded()) {
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.2f,%s,,,,,,,,,,,,,%.2f,\"%s\"%n", row.model(), row.method(),
                        row.allocation(), row.target(), row.recovery(), row.pruneSeconds(), row.failure().replace("\"", "\"\"")));
                continue;
            }
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%.2f,%s,%.6f,%d,%d,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.3f,%.2f,%n",
                    row.model(), row.method(), row.allocation(), row.target(), row.recovery(), row.weightSparsity(),
                    row.parameters(), row.nonZeroParameters(), row.macs(), row.nonZeroMacs(), row.clean(), row.robust(),
                    row.families().get("noise"), row.families().get("blur"), row.families().get("weather"),
                    row.families().get("digital"), row.latencyMs(), row.pruneSeconds()));
        }
        return csv.toString();
    }
}
