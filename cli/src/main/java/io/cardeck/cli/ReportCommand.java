package io.cardeck.cli;

import io.cardeck.metrics.CellsCsv;
import io.cardeck.metrics.CorruptionCell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Evaluates a set of models on the test split and its generated corruption suite and writes one table:"
                + " clean and robust accuracy, accuracy per corruption family (noise, blur, weather, digital), non-zero"
                + " parameters and the bytes of the gzip-compressed model.",
                "With --out: report.md, models.csv (one row per model), cells.csv (one row per model, corruption and"
                        + " severity, RobustBench's columns) and PNG figures: each model's corruption x severity heat-map"
                        + " (heatmap-MODEL.png) and accuracy against weight sparsity per method (accuracy-vs-sparsity.png)."
                        + " Evaluations are cached by model SHA-256 under CARDECK_HOME/reports."})
final class ReportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "1..*", description = "ONNX models.")
    List<Path> models;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Dataset of the test split (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--images", defaultValue = "1000", paramLabel = "N",
            description = "Test images per corruption x severity cell (default: ${DEFAULT-VALUE}; the clean accuracy uses the whole test split).")
    int images;

    @Option(names = "--title", defaultValue = "Models", description = "Heading of report.md.")
    String title;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md, models.csv, cells.csv and the PNG figures here.")
    Path out;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        CliArguments.requirePositive("--images", images);
        List<ModelFigures> rows = new ArrayList<>();
        for (Path file : models) {
            rows.add(ModelFigures.of(file, dataset, images, spec.commandLine().getErr()));
        }
        if (out != null) {
            write(rows);
        }
        Output.print(spec, json, rows, this::markdown);
    }

    private String markdown(List<ModelFigures> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| model | method | weight sparsity | non-zero parameters | gzip bytes | clean | robust | noise | blur"
                + " | weather | digital | ECE |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (ModelFigures row : rows) {
            text.append(String.format("| %s | %s | %.1f%% | %,d | %,d | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.2f%% | %.3f |%n",
                    row.model(), row.method(), 100 * row.sparsity(), row.nonZeroParameters(), row.gzipBytes(),
                    100 * row.clean(), 100 * row.robust(), 100 * row.families().get("noise"),
                    100 * row.families().get("blur"), 100 * row.families().get("weather"),
                    100 * row.families().get("digital"), row.ece()));
        }
        text.append(String.format("%nclean: the whole %s test split; robust: mean over the 15 standard corruptions x 5"
                + " severities, %d test images per cell (suite seed 0); families: the standard corruptions of each.%n",
                dataset, images));
        return text.toString();
    }

    private void write(List<ModelFigures> rows) {
        try {
            Files.createDirectories(out);
            StringBuilder figures = new StringBuilder("\n![Accuracy against weight sparsity](accuracy-vs-sparsity.png)\n");
            for (ModelFigures row : rows) {
                figures.append("\n![").append(row.model()).append("](").append(ReportCharts.heatMapFile(row.model())).append(")\n");
            }
            Files.writeString(out.resolve("report.md"), "# " + title + "\n\n" + markdown(rows) + figures);
            StringBuilder models = new StringBuilder("model,method,weight_sparsity,parameters,nonzero_parameters,gzip_bytes,"
                    + "clean_acc,robust_acc,noise_acc,blur_acc,weather_acc,digital_acc,ece,sha256\n");
            StringBuilder cells = new StringBuilder(CellsCsv.HEADER + "\n");
            for (ModelFigures row : rows) {
                models.append(String.join(",", row.model(), row.method(), fixed(row.sparsity()), "" + row.parameters(),
                        "" + row.nonZeroParameters(), "" + row.gzipBytes(), fixed(row.clean()), fixed(row.robust()),
                        fixed(row.families().get("noise")), fixed(row.families().get("blur")),
                        fixed(row.families().get("weather")), fixed(row.families().get("digital")), fixed(row.ece()),
                        row.sha256())).append('\n');
                for (CorruptionCell cell : row.cells()) {
                    cells.append(CellsCsv.row(row.model(), cell.corruption(), cell.severity(), cell.count(), cell.accuracy()))
                            .append('\n');
                }
            }
            Files.writeString(out.resolve("models.csv"), models);
            Files.writeString(out.resolve("cells.csv"), cells);
            for (ModelFigures row : rows) {
                ReportCharts.writeHeatMap(row, out.resolve(ReportCharts.heatMapFile(row.model())));
            }
            ReportCharts.writeAccuracyAgainstSparsity(rows, out.resolve("accuracy-vs-sparsity.png"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }

    private static String fixed(double value) {
        return String.format(java.util.Locale.ROOT, "%.6f", value);
    }
}
