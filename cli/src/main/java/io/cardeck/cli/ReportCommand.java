package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.LayerStatistics;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.Device;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.CorruptionFamily;
import io.cardeck.robustness.corruption.Corruptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Evaluates a set of models on the test split and its generated corruption suite and writes one table:"
                + " clean and robust accuracy, accuracy per corruption family (noise, blur, weather, digital), non-zero"
                + " parameters and the bytes of the gzip-compressed model.",
                "With --out: report.md, models.csv (one row per model) and cells.csv (one row per model, corruption and"
                        + " severity, RobustBench's columns). Evaluations are cached by model SHA-256 under"
                        + " CARDECK_HOME/reports."})
final class ReportCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md, models.csv and cells.csv here.")
    Path out;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    /** One model's figures. */
    record Row(String model, String method, Double sparsity, long parameters, long nonZeroParameters, long gzipBytes,
               double clean, double robust, Map<String, Double> families, double ece, String sha256,
               List<CorruptionCell> cells) {}

    @Override
    public void run() {
        CliArguments.requirePositive("--images", images);
        ImageDataset test = DatasetCatalog.open(dataset).split("test");
        ImageDataset suiteImages = test.firstImages(images);
        CorruptionSuite suite = GeneratedSuites.ofTestImages(dataset, suiteImages, 0);
        List<Row> rows = new ArrayList<>();
        for (Path file : models) {
            rows.add(row(file, test, suiteImages, suite));
        }
        if (out != null) {
            write(rows);
        }
        Output.print(spec, json, rows, this::markdown);
    }

    private Row row(Path file, ImageDataset test, ImageDataset suiteImages, CorruptionSuite suite) {
        OnnxModel model = EvalCommand.load(file);
        Path cached = DemoCommand.home().resolve("reports").resolve(model.sha256() + "-" + dataset + "-" + images + ".json");
        if (Files.isRegularFile(cached)) {
            try {
                Row row = JSON.readValue(cached.toFile(), Row.class);
                return new Row(name(file), row.method(), row.sparsity(), row.parameters(), row.nonZeroParameters(),
                        row.gzipBytes(), row.clean(), row.robust(), row.families(), row.ece(), row.sha256(), row.cells());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cached evaluation " + cached + ": " + e.getMessage(), e);
            }
        }
        spec.commandLine().getErr().println("evaluating " + file);
        EvaluationOptions options = new EvaluationOptions(256, 0);
        EvaluationReport clean = EvalCommand.evaluate(model, Device.CPU, test, null, options);
        EvaluationReport robust = EvalCommand.evaluate(model, Device.CPU, suiteImages, suite, options);
        List<CorruptionCell> cells = robust.robustness().grid().cells();
        List<String> standard = Corruptions.standard().stream().map(Corruption::name).toList();
        Map<String, Double> families = new LinkedHashMap<>();
        for (CorruptionFamily family : CorruptionFamily.values()) {
            families.put(family.label(), cells.stream()
                    .filter(c -> standard.contains(c.corruption()) && CorruptionFamily.of(c.corruption()) == family)
                    .mapToDouble(CorruptionCell::accuracy).average().orElse(Double.NaN));
        }
        ModelStatistics statistics = ModelStatistics.of(model, model.graph().fixedSampleShape());
        Lineage lineage = model.metadata().lineage();
        Row row = new Row(name(file), lineage == null ? "dense" : lineage.method(), weightSparsity(statistics),
                statistics.parameters(), statistics.nonZeroParameters(), gzipBytes(model), clean.clean().accuracy(),
                robust.robustness().robustAccuracy().orElseThrow(), families, clean.clean().expectedCalibrationError(),
                model.sha256(), cells);
        try {
            Files.createDirectories(cached.getParent());
            JSON.writeValue(cached.toFile(), row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the evaluation in " + cached + ": " + e.getMessage(), e);
        }
        return row;
    }

    /** Zero share of the Conv, Gemm and MatMul weights: the sparsity pruning papers report. */
    private static double weightSparsity(ModelStatistics statistics) {
        long weights = statistics.layers().stream().mapToLong(LayerStatistics::parameters).sum();
        long nonZeros = statistics.layers().stream().mapToLong(LayerStatistics::nonZeros).sum();
        return weights == 0 ? 0 : 1 - (double) nonZeros / weights;
    }

    private static long gzipBytes(OnnxModel model) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(model.toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    private static String name(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }

    private String markdown(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        text.append("| model | method | weight sparsity | non-zero parameters | gzip bytes | clean | robust | noise | blur"
                + " | weather | digital | ECE |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
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

    private void write(List<Row> rows) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.md"), "# " + title + "\n\n" + markdown(rows));
            StringBuilder models = new StringBuilder("model,method,weight_sparsity,parameters,nonzero_parameters,gzip_bytes,"
                    + "clean_acc,robust_acc,noise_acc,blur_acc,weather_acc,digital_acc,ece,sha256\n");
            StringBuilder cells = new StringBuilder("model,corruption,severity,images,accuracy\n");
            for (Row row : rows) {
                models.append(String.join(",", row.model(), row.method(), fixed(row.sparsity()), "" + row.parameters(),
                        "" + row.nonZeroParameters(), "" + row.gzipBytes(), fixed(row.clean()), fixed(row.robust()),
                        fixed(row.families().get("noise")), fixed(row.families().get("blur")),
                        fixed(row.families().get("weather")), fixed(row.families().get("digital")), fixed(row.ece()),
                        row.sha256())).append('\n');
                for (CorruptionCell cell : row.cells()) {
                    cells.append(String.join(",", row.model(), cell.corruption(), "" + cell.severity(), "" + cell.count(),
                            fixed(cell.accuracy()))).append('\n');
                }
            }
            Files.writeString(out.resolve("models.csv"), models);
            Files.writeString(out.resolve("cells.csv"), cells);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + out + ": " + e.getMessage(), e);
        }
    }

    private static String fixed(double value) {
        return String.format(java.util.Locale.ROOT, "%.6f", value);
    }
}
