package io.cardeck.bench;

import com.sun.management.OperatingSystemMXBean;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.evaluation.Evaluator;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.metrics.ClassificationAccumulator;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.zoo.NearestCentroid;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the evaluation pipeline costs over bare ONNX Runtime. On the same session, batch size and
 * images, each round times A, a loop of {@link ModelSession#run} over batches already decoded to float
 * arrays, and B, the {@link Evaluator} (decoding, inference and metrics), in alternating order; B/A per
 * round is the overhead. The same rounds time A and B on a second session with one intra-op thread
 * (ONNX Runtime's pool competes with the Evaluator's decoding thread on few cores) and the stages alone
 * (ONNX Runtime from direct buffers, decoding, metrics), so that a gap can be attributed.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluator throughput against a bare ONNX Runtime loop, nearest-centroid and LeNet-5, Fashion-MNIST test.")
final class EvaluationOverhead implements Callable<Integer> {

    private static final String NEAREST_CENTROID = "nearest-centroid";
    private static final String LENET5 = "lenet5";
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", defaultValue = "9", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warm-up", defaultValue = "3", paramLabel = "N", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per inference call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--pass-seconds", defaultValue = "1.0", paramLabel = "S",
            description = "Each timed pass repeats the images until it takes about S seconds (default: ${DEFAULT-VALUE}).")
    double passSeconds;

    @Option(names = "--images", defaultValue = "0", paramLabel = "N", description = "First N test images (default: all 10,000).")
    int images;

    @Option(names = "--intra-op-threads", defaultValue = "0", paramLabel = "T",
            description = "ONNX Runtime threads per operator of the main session; 0 = its default, one per physical core,"
                    + " as `cardeck eval` uses (default: ${DEFAULT-VALUE}).")
    int intraOpThreads;

    @Option(names = "--models", split = ",", defaultValue = NEAREST_CENTROID + "," + LENET5, paramLabel = "NAME",
            description = "Models to time: " + NEAREST_CENTROID + ", " + LENET5 + " (default: both).")
    List<String> models;

    /** Keeps every result observable, so the JIT cannot drop the work. */
    private double sink;

    /** One way of getting through the images, timed per round. */
    private record Variant(String name, Runnable pass) {}

    /** Per variant and round: images/s, process CPU seconds per pass, CPUs busy and the machine's idle share. */
    private record Timings(double[][] rates, double[][] cpuSecondsPerPass, double[][] cpusBusy, double[][] machineIdle) {
        Timings(int variants, int rounds) {
            this(new double[variants][rounds], new double[variants][rounds], new double[variants][rounds],
                    new double[variants][rounds]);
        }
    }

    @Override
    public Integer call() {
        CorruptionSpeed.requirePositive("--rounds", rounds);
        new EvaluationOptions(batchSize, 0); // rejects a batch size the Evaluator would reject
        if (!(passSeconds > 0 && passSeconds <= 60)) {
            throw new IllegalArgumentException("--pass-seconds must be in (0, 60], got " + passSeconds);
        }
        if (warmUp < 0 || images < 0) {
            throw new IllegalArgumentException("--warm-up and --images must be >= 0, got " + warmUp + " and " + images);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("--intra-op-threads must be >= 0 (0 = ONNX Runtime's default), got "
                    + intraOpThreads);
        }
        for (String name : models) {
            if (!List.of(NEAREST_CENTROID, LENET5).contains(name)) {
                throw new IllegalArgumentException("unknown model '" + name + "' in --models; accepted: "
                        + NEAREST_CENTROID + ", " + LENET5);
            }
        }
        DatasetSource fashionMnist = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST);
        ImageDataset test = fashionMnist.split("test").firstImages(images);
        for (String name : models) {
            OnnxModel model = name.equals(LENET5)
                    ? LeNet5.build(test.shape(), test.classNames().size(), 0)
                    : NearestCentroid.fit(fashionMnist.split("train"), DatasetCatalog.FASHION_MNIST, done -> { });
            try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu().withIntraOpThreads(intraOpThreads));
                 ModelSession oneThread = InferenceSessions.open(model, SessionOptionsSpec.cpu().withIntraOpThreads(1))) {
                spec.commandLine().getOut().println(measure(name, session, oneThread, test));
            }
        }
        spec.commandLine().getErr().printf(Locale.ROOT, "eval: done (checksum %.3f)%n", sink);
        return 0;
    }

    private String measure(String name, ModelSession session, ModelSession oneThread, ImageDataset test) {
        int n = test.size();
        int batches = (n + batchSize - 1) / batchSize;
        float[][] inputs = new float[batches][];
        int[][] labels = new int[batches][];
        FloatBuffer[] direct = new FloatBuffer[batches];
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int count = Math.min(batchSize, n - from);
            inputs[b] = test.images(from, count);
            labels[b] = test.labels(from, count);
            direct[b] = ByteBuffer.allocateDirect(inputs[b].length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer().put(inputs[b]).flip();
        }
        float[][] logits = new float[batches][];
        for (int b = 0; b < batches; b++) {
            logits[b] = session.run(inputs[b], labels[b].length).values();
        }
        int classes = test.classNames().size();

        List<Variant> variants = List.of(
                new Variant("A: ModelSession.run loop", () -> runLoop(session, inputs, labels)),
                new Variant("B: Evaluator", () -> evaluate(session, test)),
                new Variant("A1: ModelSession.run loop, 1 intra-op thread", () -> runLoop(oneThread, inputs, labels)),
                new Variant("B1: Evaluator, 1 intra-op thread", () -> evaluate(oneThread, test)),
                new Variant("ORT from direct buffers", () -> {
                    for (int b = 0; b < batches; b++) {
                        sink += session.run(direct[b], labels[b].length).values()[0];
                    }
                }),
                new Variant("decoding alone", () -> {
                    for (int b = 0; b < batches; b++) {
                        int from = b * batchSize;
                        int count = labels[b].length;
                        sink += test.images(from, count)[0] + test.labels(from, count)[0];
                    }
                }),
                new Variant("metrics alone", () -> {
                    ClassificationAccumulator scores = new ClassificationAccumulator(classes);
                    for (int b = 0; b < batches; b++) {
                        scores.addLogits(logits[b], labels[b]);
                    }
                    sink += scores.result().accuracy();
                }));

        // The warm-up passes also size the timed ones: each variant repeats the images for about --pass-seconds.
        int[] repeats = new int[variants.size()];
        Arrays.fill(repeats, 1);
        for (int round = 0; round < warmUp; round++) {
            spec.commandLine().getErr().printf("eval %s: warm-up %d/%d%n", name, round + 1, warmUp);
            for (int v = 0; v < variants.size(); v++) {
                double seconds = time(variants.get(v), 1)[0];
                repeats[v] = (int) Math.max(1, Math.min(100_000, Math.round(passSeconds / seconds)));
            }
        }
        Timings timings = new Timings(variants.size(), rounds);
        for (int round = 0; round < rounds; round++) {
            spec.commandLine().getErr().printf("eval %s: round %d/%d%n", name, round + 1, rounds);
            // A and B swap places every round, and so do A1 and B1; the stage timings follow them
            int[] order = round % 2 == 0 ? new int[] {0, 1, 2, 3, 4, 5, 6} : new int[] {1, 0, 3, 2, 4, 5, 6};
            for (int v : order) {
                double[] seconds = time(variants.get(v), repeats[v]);
                timings.rates()[v][round] = (double) n * repeats[v] / seconds[0];
                timings.cpuSecondsPerPass()[v][round] = seconds[1] / repeats[v];
                timings.cpusBusy()[v][round] = seconds[1] / seconds[0];
                timings.machineIdle()[v][round] = seconds[2];
            }
        }
        return report(name, session, n, variants, timings);
    }

    private void runLoop(ModelSession session, float[][] inputs, int[][] labels) {
        for (int b = 0; b < inputs.length; b++) {
            sink += session.run(inputs[b], labels[b].length).values()[0];
        }
    }

    private void evaluate(ModelSession session, ImageDataset test) {
        Evaluator evaluator = new Evaluator(new OnnxClassifier(session), new EvaluationOptions(batchSize, 0));
        EvaluationReport report = evaluator.evaluate(test, null, List.of(), done -> { });
        sink += report.clean().accuracy();
    }

    /** {wall seconds, process CPU seconds, machine idle share} of {@code repeats} passes. */
    private static double[] time(Variant variant, int repeats) {
        Optional<MachineCpu.Sample> machineStart = MachineCpu.sample();
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            variant.pass().run();
        }
        return new double[] {(System.nanoTime() - start) / 1e9, (PROCESS.getProcessCpuTime() - cpuStart) / 1e9,
            MachineCpu.idleShare(machineStart, MachineCpu.sample())};
    }

    private String report(String name, ModelSession session, int n, List<Variant> variants, Timings timings) {
        double[][] rates = timings.rates();
        Samples a = Samples.of(rates[0]);
        Samples b = Samples.of(rates[1]);
        Samples a1 = Samples.of(rates[2]);
        Samples b1 = Samples.of(rates[3]);
        Samples ratio = b.over(a);
        Samples ratio1 = b1.over(a1);
        MarkdownTable perRound = new MarkdownTable("round", "A (images/s)", "B (images/s)", "B/A", "A1 (images/s)",
                "B1 (images/s)", "B1/A1", "B1/A");
        for (int round = 0; round < rounds; round++) {
            perRound.row(round + 1, MarkdownTable.rate(rates[0][round]), MarkdownTable.rate(rates[1][round]),
                    MarkdownTable.ratio(rates[1][round] / rates[0][round]), MarkdownTable.rate(rates[2][round]),
                    MarkdownTable.rate(rates[3][round]), MarkdownTable.ratio(rates[3][round] / rates[2][round]),
                    MarkdownTable.ratio(rates[3][round] / rates[0][round]));
        }
        perRound.row("median", MarkdownTable.rate(a.median()), MarkdownTable.rate(b.median()),
                MarkdownTable.ratio(ratio.median()), MarkdownTable.rate(a1.median()), MarkdownTable.rate(b1.median()),
                MarkdownTable.ratio(ratio1.median()), MarkdownTable.ratio(b1.over(a).median()));

        MarkdownTable stages = new MarkdownTable("pass (same rounds)", "images/s (median)", "spread",
                "CPU ms per " + n + " images", "CPUs busy", "machine idle");
        for (int v = 0; v < variants.size(); v++) {
            Samples samples = Samples.of(rates[v]);
            stages.row(variants.get(v).name(), MarkdownTable.rate(samples.median()), MarkdownTable.percent(samples.spread()),
                    String.format(Locale.ROOT, "%.1f", 1000 * Samples.of(timings.cpuSecondsPerPass()[v]).median()),
                    MarkdownTable.ratio(Samples.of(timings.cpusBusy()[v]).median()),
                    MarkdownTable.percent(Samples.medianOrNaN(timings.machineIdle()[v])));
        }
        double decode = 1 / Samples.of(rates[5]).median();
        double infer = 1 / a.median();
        double metrics = 1 / Samples.of(rates[6]).median();
        String threads = intraOpThreads == 0 ? "ONNX Runtime's default" : String.valueOf(intraOpThreads);
        return String.format(Locale.ROOT, "## %s (graph %s)%n%nSessions: %s; A and B with %s intra-op threads, A1 and"
                        + " B1 with 1; batch %d; %,d Fashion-MNIST test images %s; each timed pass repeats them for about"
                        + " %.1f s; %d rounds after %d warm-up rounds.%n%n%s%nB/A: median %s, min %s, max %s (target"
                        + " B >= 0.90 A). B1/A1: median %s, min %s, max %s. Spread: A %s, B %s, A1 %s, B1 %s.%n%n"
                        + "Every pass:%n%n%s%nCPU ms = process CPU time, all threads (ONNX Runtime's pool included);"
                        + " CPUs busy = CPU time / wall time; machine idle = idle share of all the machine's CPUs"
                        + " (/proc/stat).%nFrom the stage medians: one after another %s images/s; with decoding"
                        + " overlapped on its own thread (what the Evaluator does), at best %s images/s.%n",
                name, session.sourceName(), session.executionProvider(), threads, batchSize, n,
                Arrays.toString(session.sampleShape()), passSeconds, rounds, warmUp, perRound,
                MarkdownTable.ratio(ratio.median()), MarkdownTable.ratio(ratio.min()), MarkdownTable.ratio(ratio.max()),
                MarkdownTable.ratio(ratio1.median()), MarkdownTable.ratio(ratio1.min()), MarkdownTable.ratio(ratio1.max()),
                MarkdownTable.percent(a.spread()), MarkdownTable.percent(b.spread()), MarkdownTable.percent(a1.spread()),
                MarkdownTable.percent(b1.spread()), stages,
                MarkdownTable.rate(1 / (decode + infer + metrics)), MarkdownTable.rate(1 / Math.max(decode, infer + metrics)));
    }
}
