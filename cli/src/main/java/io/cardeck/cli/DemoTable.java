package io.cardeck.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The demo's one table: per model and per deck mode, accuracies on the same images, and the gate's choices. */
final class DemoTable {

    private DemoTable() {}

    static String render(List<DemoScores.DemoRow> rows, int imagesPerCell) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%nFashion-MNIST, %d test images per cell, every row on the same images "
                + "through the gateway's inference API%n%n", imagesPerCell));
        StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-26s %-24s %9s %10s %7s %7s", "model / deck",
                "kind", "nonzero", "gzip bytes", "clean", "robust"));
        for (String corruption : DemoCommand.SENT) {
            header.append(String.format(Locale.ROOT, " %18s", corruption + " s" + DemoCommand.SENT_SEVERITY));
        }
        out.append(header).append('\n');
        for (DemoScores.DemoRow row : rows) {
            out.append(String.format(Locale.ROOT, "%-26s %-24s %9d %10d %7s %7s", row.name(), row.kind(),
                    row.nonZeroParameters(), row.gzipBytes(), percent(row.cleanAccuracy()), percent(row.robustAccuracy())));
            for (String corruption : DemoCommand.SENT) {
                Double accuracy = row.sent().get(corruption);
                out.append(String.format(Locale.ROOT, " %18s", accuracy == null ? "-" : percent(accuracy)));
            }
            out.append('\n');
        }
        rows.stream().filter(row -> !row.gate().isEmpty()).forEach(row -> {
            out.append(String.format(Locale.ROOT, "%nDomains the gate chose (%s), share of images:%n", row.name()));
            row.gate().forEach((corruption, shares) -> out.append(String.format(Locale.ROOT, "  %-18s %s%n",
                    corruption + " s" + DemoCommand.SENT_SEVERITY, shares(shares))));
        });
        out.append("\nrobust = mean accuracy over the 15 standard corruptions x 5 severities; a deck's nonzero and gzip bytes"
                + " are its members' together. The evaluator-service's own figures: GET /api/evaluations?modelId=...\n");
        return out.toString();
    }

    private static String shares(Map<String, Double> shares) {
        return shares.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + percent(e.getValue())).collect(Collectors.joining(", "));
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * value);
    }
}
