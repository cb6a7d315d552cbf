package io.cardeck.cli;

import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.MeanAccuracy;
import io.cardeck.metrics.RobustnessResult;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.List;
import java.util.Optional;

/** Renders an evaluation for people: headline figures, then one row per corruption with its 5 severities. */
final class ReportTable {

    private ReportTable() {}

    static String render(EvaluationReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("clean accuracy     %6.2f%%   (%d images, NLL %.4f, ECE %.4f)%n",
                100 * report.clean().accuracy(), report.clean().count(), report.clean().meanNegativeLogLikelihood(),
                report.clean().expectedCalibrationError()));
        RobustnessResult robustness = report.robustness();
        if (robustness != null) {
            text.append(String.format("robust accuracy    %s%n", mean(robustness.robustAccuracy())));
            text.append(String.format("extra corruptions  %s%n", mean(robustness.extraAccuracy())));
            text.append(String.format("corrupted overall  %6.2f%%   (%d images, ECE %.4f)%n",
                    100 * report.corrupted().accuracy(), report.corrupted().count(),
                    report.corrupted().expectedCalibrationError()));
            text.append(System.lineSeparator()).append(corruptionRows(robustness.grid().cells()));
        }
        text.append(String.format("%n%d images in %.1f s: %.0f images/s%n", report.images(), report.seconds(),
                report.imagesPerSecond()));
        return text.toString();
    }

    /** A header, then one row per corruption that has cells: its accuracy at severities 1..5 and their mean. */
    static String corruptionRows(List<CorruptionCell> cells) {
        StringBuilder text = new StringBuilder(String.format("%-18s %-8s %7s %7s %7s %7s %7s %7s%n", "corruption", "kind",
                "s1", "s2", "s3", "s4", "s5", "mean"));
        for (Corruption corruption : Corruptions.all()) {
            row(cells, corruption).ifPresent(text::append);
        }
        return text.toString();
    }

    private static Optional<String> row(List<CorruptionCell> all, Corruption corruption) {
        List<Optional<CorruptionCell>> cells = java.util.stream.IntStream.rangeClosed(1, 5)
                .mapToObj(s -> all.stream().filter(c -> c.severity() == s && c.corruption().equals(corruption.name())).findFirst())
                .toList();
        if (cells.stream().allMatch(Optional::isEmpty)) {
            return Optional.empty();
        }
        StringBuilder line = new StringBuilder(String.format("%-18s %-8s", corruption.name(),
                corruption.standard() ? "standard" : "extra"));
        double sum = 0;
        for (Optional<CorruptionCell> cell : cells) {
            line.append(cell.map(c -> String.format(" %6.2f%%", 100 * c.accuracy())).orElse("       -"));
            sum += cell.map(CorruptionCell::accuracy).orElse(Double.NaN);
        }
        line.append(Double.isNaN(sum) ? "       -" : String.format(" %6.2f%%", 100 * sum / 5)).append('\n');
        return Optional.of(line.toString());
    }

    private static String mean(MeanAccuracy mean) {
        if (mean.available()) {
            return String.format("%6.2f%%   (mean of %d cells)", 100 * mean.value(), mean.coveredCells().size());
        }
        return "n/a      (" + mean.unavailableReason() + ")";
    }
}
