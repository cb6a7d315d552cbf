package io.cardeck.cli;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.Device;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.zoo.NearestCentroid;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job on embedded defaults, on real Fashion-MNIST: generate the corruption suite "
                + "(19 corruptions x 5 severities), fit the nearest-class-mean baseline as an ONNX model, and evaluate it "
                + "with ONNX Runtime.",
                "Work files go to $CARDECK_HOME (default: work/ in the repository); everything is cached."})
final class DemoCommand implements Runnable {

    static final String DATASET = DatasetCatalog.FASHION_MNIST;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", defaultValue = "1000", paramLabel = "N",
            description = "Test images per corruption x severity cell (default: ${DEFAULT-VALUE}; 0 = all 10,000).")
    int limit;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random corruptions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Machine-readable output (the evaluation report).")
    boolean json;

    @Override
    public void run() {
        CliArguments.requireNonNegative("--limit", limit);
        PrintWriter err = spec.commandLine().getErr();
        DatasetSource fashionMnist = DatasetCatalog.open(DATASET);
        ImageDataset test = fashionMnist.split("test").firstImages(limit);

        Path suiteDirectory = suiteDirectory(DATASET, test.size(), seed);
        err.printf("1/3 corruption suite: %d test images x 19 corruptions x 5 severities -> %s%n", test.size(), suiteDirectory);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            SuiteRequest request = new SuiteRequest(test, DATASET, "test",
                    CliArguments.corruptions(null, test.shape().channels()), seed);
            CorruptCommand.generate(new SuiteGenerator(pool), request, suiteDirectory);
        } finally {
            pool.shutdown();
        }

        Path modelFile = home().resolve("models").resolve(DATASET + "-nearest-centroid.onnx");
        err.printf("2/3 baseline model: nearest class mean of the 60,000 training images -> %s%n", modelFile);
        OnnxModel model = baseline(fashionMnist.split("train"), modelFile);

        err.printf("3/3 evaluation with ONNX Runtime%n");
        EvaluationReport report = EvalCommand.evaluate(model, Device.CPU, test, CorruptionSuite.open(suiteDirectory),
                new EvaluationOptions(128, 0));
        Output.print(spec, json, report, r -> "\nFashion-MNIST, nearest-centroid baseline (" + modelFile.getFileName() + ")\n\n"
                + ReportTable.render(r)
                + "\nNext: ./cardeck model info " + modelFile + "\n      ./cardeck datasets info " + suiteDirectory + "\n");
    }

    /** Where the demo, the zoo and other commands keep the generated suite of a dataset's test split. */
    static Path suiteDirectory(String dataset, int images, long seed) {
        return home().resolve("suites").resolve(dataset + "-test-" + images + "-seed" + seed);
    }

    static Path home() {
        String configured = System.getenv("CARDECK_HOME");
        return Path.of(configured == null || configured.isBlank() ? "work" : configured);
    }

    private static OnnxModel baseline(ImageDataset train, Path modelFile) {
        try {
            if (Files.exists(modelFile)) {
                return OnnxModel.load(modelFile);
            }
            OnnxModel model;
            try (ProgressBar bar = ProgressBars.start("fitting", train.size(), "img")) {
                model = NearestCentroid.fit(train, DATASET, bar::stepBy);
            }
            Files.createDirectories(modelFile.getParent());
            model.save(modelFile);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write or read " + modelFile + ": " + e.getMessage(), e);
        }
    }
}
