package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
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
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * One model's figures as reports and the CARD manifest give them: clean accuracy on the whole test
 * split, robust accuracy and accuracy per corruption family on the generated suite of the first
 * {@code images} test images (seed 0), ECE, weight sparsity, non-zero parameters and the size of
 * the gzip-compressed model. Cached by SHA-256 under CARDECK_HOME/reports.
 *
 * @param sparsity zero share of the Conv, Gemm and MatMul weights (what pruning papers report)
 */
record ModelFigures(String model, String method, Double sparsity, long parameters, long nonZeroParameters, long gzipBytes,
                    double clean, double robust, Map<String, Double> families, double ece, String sha256,
                    List<CorruptionCell> cells) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ModelFigures of(Path file, String dataset, int images, PrintWriter log) {
        OnnxModel model = EvalCommand.load(file);
        Path cached = DemoCommand.home().resolve("reports").resolve(model.sha256() + "-" + dataset + "-" + images + ".json");
        if (Files.isRegularFile(cached)) {
            try {
                ModelFigures figures = JSON.readValue(cached.toFile(), ModelFigures.class);
                return new ModelFigures(name(file), figures.method(), figures.sparsity(), figures.parameters(),
                        figures.nonZeroParameters(), figures.gzipBytes(), figures.clean(), figures.robust(), figures.families(),
                        figures.ece(), figures.sha256(), figures.cells());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the cached evaluation " + cached + ": " + e.getMessage(), e);
            }
        }
        log.println("evaluating " + file);
        ImageDataset test = DatasetCatalog.open(dataset).split("test");
        ImageDataset suiteImages = test.firstImages(images);
        EvaluationOptions options = new EvaluationOptions(256, 0);
        EvaluationReport clean = EvalCommand.evaluate(model, Device.CPU, test, null, options);
        EvaluationReport robust = EvalCommand.evaluate(model, Device.CPU, suiteImages,
                GeneratedSuites.ofTestImages(dataset, suiteImages, 0), options);
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
        ModelFigures figures = new ModelFigures(name(file), lineage == null ? "dense" : lineage.method(),
                weightSparsity(statistics), statistics.parameters(), statistics.nonZeroParameters(), gzipBytes(model.toBytes()),
                clean.clean().accuracy(), robust.robustness().robustAccuracy().orElseThrow(), families,
                clean.clean().expectedCalibrationError(), model.sha256(), cells);
        try {
            Files.createDirectories(cached.getParent());
            JSON.writeValue(cached.toFile(), figures);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the evaluation in " + cached + ": " + e.getMessage(), e);
        }
        return figures;
    }

    private static double weightSparsity(ModelStatistics statistics) {
        long weights = statistics.layers().stream().mapToLong(LayerStatistics::parameters).sum();
        long nonZeros = statistics.layers().stream().mapToLong(LayerStatistics::nonZeros).sum();
        return weights == 0 ? 0 : 1 - (double) nonZeros / weights;
    }

    static long gzipBytes(byte[] onnx) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(onnx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

    private static String name(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }
}
