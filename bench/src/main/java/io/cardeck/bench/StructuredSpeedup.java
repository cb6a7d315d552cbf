package io.cardeck.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What structured pruning buys at inference: ONNX Runtime latency of a model with a share of its filters
 * removed by {@code l1-filter} (layer scope), against the dense model, beside the reduction in
 * multiply-accumulates. Dense and pruned models are timed in the same rounds, their order rotating from
 * round to round, so that the machine's drift hits each alike; a speed-up is the median over rounds of
 * dense latency / pruned latency. An ONNX Runtime profile of each at the largest batch says per op type
 * where the time went.
 */
@Command(name = "structured", mixinStandardHelpOptions = true,
        description = "ONNX Runtime latency of a model with 30/50/70% of its filters removed (l1-filter) against the"
                + " reduction in MACs, batch 1 and 64.")
final class StructuredSpeedup implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "models/resnet20-standard.onnx",
            description = "The dense model (default: ${DEFAULT-VALUE}).")
    Path modelFile;

    @Option(names = "--ratios", split = ",", defaultValue = "0.3,0.5,0.7",
            description = "Shares of each layer's filters removed (default: ${DEFAULT-VALUE}).")
    List<Double> ratios;

    @Option(names = "--batches", split = ",", defaultValue = "1,64", description = "Batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batches;

    @Option(names = "--rounds", defaultValue = "7", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warm-up", defaultValue = "2", paramLabel = "N", description = "Untimed rounds first (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--pass-seconds", defaultValue = "1.0", paramLabel = "S",
            description = "Each timed pass repeats runs for about S seconds (default: ${DEFAULT-VALUE}).")
    double passSeconds;

    @Option(names = "--intra-op-threads", defaultValue = "1", paramLabel = "T",
            description = "ONNX Runtime threads per operator; 0 = its default, one per physical core (default:"
                    + " ${DEFAULT-VALUE}: on a shared machine one thread is the steadier comparison).")
    int intraOpThreads;

    @Option(names = "--profile-runs", defaultValue = "20", paramLabel = "N",
            description = "Profiled runs per model at the largest batch; 0 = no profile (default: ${DEFAULT-VALUE}).")
    int profileRuns;

    /** Keeps every result observable, so the JIT cannot drop the work. */
    private double sink;

    /** One model of the comparison: the dense one (ratio 0) or a pruned one. */
    private record Variant(String label, double ratio, OnnxModel model, long parameters, long macs) {}

    @Override
    public Integer call() throws Exception {
        CorruptionSpeed.requirePositive("--rounds", rounds);
        if (warmUp < 0 || profileRuns < 0 || intraOpThreads < 0) {
            throw new IllegalArgumentException("--warm-up, --profile-runs and --intra-op-threads must be >= 0");
        }
        if (!(passSeconds > 0 && passSeconds <= 60)) {
            throw new IllegalArgumentException("--pass-seconds must be in (0, 60], got " + passSeconds);
        }
        if (ratios.stream().anyMatch(r -> !(r > 0 && r < 1)) || batches.stream().anyMatch(b -> b < 1 || b > 4096)) {
            throw new IllegalArgumentException("--ratios must be in (0, 1) and --batches in 1..4096, got " + ratios + " and "
                    + batches);
        }
        OnnxModel dense = OnnxModel.load(modelFile);
        List<Variant> variants = new ArrayList<>();
        PruningContext context = PruningContext.now();
        PruningResult none = PruningMethods.run(dense, "l1-filter", Map.of("ratio", 0.0), context);
        variants.add(new Variant("0% (dense)", 0, dense, none.before().parameters(), none.before().macs()));
        for (double ratio : ratios) {
            spec.commandLine().getErr().printf(Locale.ROOT, "structured: pruning %.0f%% of the filters%n", 100 * ratio);
            PruningResult pruned = PruningMethods.run(dense, "l1-filter", Map.of("ratio", ratio), context);
            variants.add(new Variant(percent(ratio), ratio, pruned.model(), pruned.after().parameters(),
                    pruned.after().macs()));
        }
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        SessionOptionsSpec options = SessionOptionsSpec.cpu().withIntraOpThreads(intraOpThreads);
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "## %s: l1-filter, layer scope%n%nSessions: CPU, %s intra-op threads, all"
                        + " graph optimisations; input: Fashion-MNIST test images %s; each timed pass repeats runs for about"
                        + " %s s; %d rounds after %d warm-up rounds, the models in rotating order.%n%n", modelFile,
                intraOpThreads == 0 ? "ONNX Runtime's default" : String.valueOf(intraOpThreads),
                test.shape(), passSeconds, rounds, warmUp));
        MarkdownTable table = new MarkdownTable("filters removed", "parameters", "MACs per image", "MAC reduction", "batch",
                "latency p50", "spread", "speed-up", "speed-up / MAC reduction");
        List<String> verdicts = new ArrayList<>();
        for (int batch : batches) {
            double[][] latencies = time(variants, options, test.images(0, batch), batch);
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                double macReduction = (double) variants.get(0).macs() / variant.macs();
                Samples latency = Samples.of(latencies[v]);
                Samples speedUp = Samples.of(latencies[0]).over(latency);
                table.row(variant.label(), String.format(Locale.ROOT, "%,d", variant.parameters()),
                        String.format(Locale.ROOT, "%.2f M", variant.macs() / 1e6), String.format(Locale.ROOT, "%.2fx",
                                macReduction), batch, String.format(Locale.ROOT, "%.3f ms", 1000 * latency.median()),
                        MarkdownTable.percent(latency.spread()), String.format(Locale.ROOT, "%.2fx", speedUp.median()),
                        MarkdownTable.ratio(speedUp.median() / macReduction));
                if (v > 0 && batch == batches.stream().mapToInt(Integer::intValue).max().orElseThrow()) {
                    verdicts.add(String.format(Locale.ROOT, "%s: %.2f of the MAC reduction (%s)", variant.label(),
                            speedUp.median() / macReduction, speedUp.median() / macReduction >= 0.8 ? "met" : "not met"));
                }
            }
        }
        report.append(table).append('\n');
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElseThrow();
        report.append(String.format(Locale.ROOT, "Target at batch %d: speed-up >= 0.8 x MAC reduction. %s.%n%n", largest,
                String.join("; ", verdicts)));
        if (profileRuns > 0) {
            report.append(profiles(variants, test.images(0, largest), largest));
        }
        // println: picocli's writer flushes on a line end only, and main exits right after.
        spec.commandLine().getOut().println(report);
        spec.commandLine().getErr().printf(Locale.ROOT, "structured: done (checksum %.3f)%n", sink);
        return 0;
    }

    /** Seconds per run, per variant and round; the variants take turns, starting one later each round. */
    private double[][] time(List<Variant> variants, SessionOptionsSpec options, float[] images, int batch) {
        List<ModelSession> sessions = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                sessions.add(InferenceSessions.open(variant.model(), options));
            }
            FloatBuffer input = ByteBuffer.allocateDirect(images.length * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer().put(images).flip();
            int[] repeats = new int[variants.size()];
            Arrays.fill(repeats, 1);
            for (int round = 0; round < warmUp; round++) {
                for (int v = 0; v < variants.size(); v++) {
                    double seconds = pass(sessions.get(v), input, batch, 1);
                    repeats[v] = (int) Math.max(1, Math.min(100_000, Math.round(passSeconds / seconds)));
                }
            }
            double[][] latencies = new double[variants.size()][rounds];
            for (int round = 0; round < rounds; round++) {
                spec.commandLine().getErr().printf("structured: batch %d, round %d/%d%n", batch, round + 1, rounds);
                for (int turn = 0; turn < variants.size(); turn++) {
                    int v = (turn + round) % variants.size();
                    latencies[v][round] = pass(sessions.get(v), input, batch, repeats[v]) / repeats[v];
                }
            }
            return latencies;
        } finally {
            sessions.forEach(ModelSession::close);
        }
    }

    private double pass(ModelSession session, FloatBuffer input, int batch, int repeats) {
        long start = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            sink += session.run(input, batch).values()[0];
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Each variant run {@code --profile-runs} times by a profiling session, side by side per op type. */
    private String profiles(List<Variant> variants, float[] images, int batch) throws OrtException, IOException {
        List<RuntimeProfile> profiles = new ArrayList<>();
        for (Variant variant : variants) {
            profiles.add(profile(variant, images, batch));
        }
        TreeSet<String> ops = new TreeSet<>();
        profiles.forEach(p -> ops.addAll(p.opMillis().keySet()));
        List<String> headers = new ArrayList<>(List.of("op (kernel time, ms per run)"));
        variants.forEach(v -> headers.add(v.label()));
        MarkdownTable table = new MarkdownTable(headers.toArray(String[]::new));
        List<String> sorted = new ArrayList<>(ops);
        sorted.sort((a, b) -> Double.compare(profiles.get(0).opMillis().getOrDefault(b, 0.0),
                profiles.get(0).opMillis().getOrDefault(a, 0.0)));
        for (String op : sorted) {
            table.row(row(op, profiles, p -> p.opMillis().getOrDefault(op, 0.0)));
        }
        table.row(row("all kernels", profiles, RuntimeProfile::kernelMillis));
        table.row(row("run (model_run)", profiles, RuntimeProfile::runMillis));
        table.row(row("outside kernels", profiles, p -> p.runMillis() - p.kernelMillis()));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "### Where the time goes at batch %d (ONNX Runtime"
                + " profile, %d runs each, same session options)%n%n%s%n", batch, profileRuns, table));
        for (int v = 1; v < variants.size(); v++) {
            RuntimeProfile dense = profiles.get(0);
            RuntimeProfile pruned = profiles.get(v);
            text.append(String.format(Locale.ROOT, "- %s: MACs %.2fx fewer; Conv kernels %.2fx faster (%.2f -> %.2f ms), other"
                            + " kernels %.2fx (%.2f -> %.2f ms), run %.2fx%n", variants.get(v).label(),
                    (double) variants.get(0).macs() / variants.get(v).macs(), dense.millisOf("Conv") / pruned.millisOf("Conv"),
                    dense.millisOf("Conv"), pruned.millisOf("Conv"),
                    (dense.kernelMillis() - dense.millisOf("Conv")) / (pruned.kernelMillis() - pruned.millisOf("Conv")),
                    dense.kernelMillis() - dense.millisOf("Conv"), pruned.kernelMillis() - pruned.millisOf("Conv"),
                    dense.runMillis() / pruned.runMillis()));
        }
        return text.append('\n').toString();
    }

    private static Object[] row(String name, List<RuntimeProfile> profiles,
                                java.util.function.ToDoubleFunction<RuntimeProfile> value) {
        List<Object> cells = new ArrayList<>(List.of(name));
        profiles.forEach(p -> cells.add(String.format(Locale.ROOT, "%.3f", value.applyAsDouble(p))));
        return cells.toArray();
    }

    private RuntimeProfile profile(Variant variant, float[] images, int batch) throws OrtException, IOException {
        OrtEnvironment environment = InferenceSessions.environment();
        Path directory = Files.createTempDirectory("cardeck-ort-profile");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                options.setIntraOpNumThreads(intraOpThreads);
            }
            options.enableProfiling(directory.resolve("profile").toString());
            Path trace;
            try (OrtSession session = environment.createSession(variant.model().toBytes(), options)) {
                String inputName = session.getInputNames().iterator().next();
                long[] shape = withSampleShape(variant.model(), batch);
                for (int r = 0; r < profileRuns + 1; r++) {
                    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(images), shape);
                         OrtSession.Result result = session.run(Map.of(inputName, input))) {
                        sink += ((float[][]) result.get(0).getValue())[0][0];
                    }
                }
                trace = Path.of(session.endProfiling());
            }
            // The first run (allocations, first touches) is left out of the figures.
            RuntimeProfile profile = RuntimeProfile.fromTrace(JSON.readTree(trace.toFile()), 1);
            Files.deleteIfExists(trace);
            return profile;
        } finally {
            try (var left = Files.list(directory)) {
                left.forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Files.deleteIfExists(directory);
        }
    }

    private static long[] withSampleShape(OnnxModel model, int batch) {
        long[] sample = model.graph().fixedSampleShape();
        long[] shape = new long[sample.length + 1];
        shape[0] = batch;
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * ratio);
    }
}
