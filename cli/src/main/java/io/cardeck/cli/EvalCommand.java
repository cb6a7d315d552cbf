package io.cardeck.cli;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.evaluation.Evaluator;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.Device;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Clean accuracy, every corruption x severity cell, robust accuracy, ECE and throughput of an ONNX model.")
final class EvalCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "M.onnx", description = "The model (NCHW float input in [0,1], logits output).")
    Path model;

    @Option(names = "--dataset", required = true, paramLabel = "NAME-OR-DIR", description = "Clean images: fashion-mnist, mnist, cifar10 or a directory.")
    String dataset;

    @Option(names = "--split", defaultValue = "test", description = "Split of the clean images (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--suite", paramLabel = "DIR", description = "Corruption suite in the CIFAR-10-C layout (from `cardeck corrupt` or published).")
    Path suite;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Images per cell and of the clean set (default: all).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per inference call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda (falls back to cpu with the reason when CUDA cannot be used).")
    String device;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @Override
    public void run() {
        CliArguments.requireNonNegative("--limit", limit);
        EvaluationOptions options = new EvaluationOptions(batchSize, limit);
        ImageDataset clean = DatasetCatalog.open(dataset).split(split);
        CorruptionSuite corruptions = suite == null ? null : CorruptionSuite.open(suite);
        EvaluationReport report = evaluate(load(model), Device.parse(device), clean, corruptions, options);
        Output.print(spec, json, report, ReportTable::render);
    }

    static OnnxModel load(Path file) {
        try {
            return OnnxModel.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model " + file + ": " + e.getMessage(), e);
        }
    }

    /** Evaluates with a progress bar; shared with the demo. */
    static EvaluationReport evaluate(OnnxModel model, Device device, ImageDataset clean, CorruptionSuite suite,
                                     EvaluationOptions options) {
        SessionOptionsSpec sessionOptions = device == Device.CUDA ? SessionOptionsSpec.cuda() : SessionOptionsSpec.cpu();
        try (ModelSession session = InferenceSessions.open(model, sessionOptions)) {
            session.fallbackReason().ifPresent(reason -> System.err.println("cardeck: running on CPU: " + reason));
            Evaluator evaluator = new Evaluator(new OnnxClassifier(session), options);
            List<String> standard = Corruptions.standard().stream().map(Corruption::name).toList();
            try (ProgressBar bar = ProgressBars.start("evaluating", evaluator.plannedImages(clean, suite), "img")) {
                return evaluator.evaluate(clean, suite, standard, bar::stepBy);
            }
        }
    }
}
