package io.cardeck.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.LayerStatistics;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What structured pruning buys at inference: ONNX Runtime latency of a model with a share of its filters
 * removed by {@code l1-filter} (layer scope, each ratio with the kept channels as they fall and rounded to
 * multiples of 8), against the dense model, beside the reduction in multiply-accumulates. All models are
 * timed in the same rounds, their order rotating from round to round, so that the machine's drift hits
 * each alike; a speed-up is the median over rounds of dense / pruned. Each run is timed in CPU time of the
 * process as well as wall time: with one ONNX Runtime thread the CPU time is the work itself, which other
 * processes on a shared machine barely change, while they stretch the wall time. An ONNX Runtime profile
 * of each model at the largest batch says per op type and per stage where the time went.
 */
@Command(name = "structured", mixinStandardHelpOptions = true,
        description = "ONNX Runtime latency of a model with 30/50/70% of its filters removed (l1-filter) against the"
                + " reduction in MACs, batch 1 and 64.")
final class StructuredSpeedup implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "models/resnet20-standard.onnx",
            description = "The dense model (default: ${DEFAULT-VALUE}).")
    Path modelFile;

    @Option(names = "--ratios", split = ",", defaultValue = "0.3,0.5,0.7",
            description = "Shares of each layer's filters removed (default: ${DEFAULT-VALUE}).")
    List<Double> ratios;

    @Option(names = "--round-to", split = ",", defaultValue = "1,8", paramLabel = "N",
            description = "l1-filter's roundTo for each ratio: 1 keeps the ratio exact, 8 keeps multiples of 8 channels"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> roundTo;

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
                    + " ${DEFAULT-VALUE}: then CPU time is the work, undisturbed by a shared machine).")
    int intraOpThreads;

    @Option(names = "--profile-runs", defaultValue = "20", paramLabel = "N",
            description = "Profiled runs per model at the largest batch; 0 = no profile (default: ${DEFAULT-VALUE}).")
    int profileRuns;

    /** Keeps every result observable, so the JIT cannot drop the work. */
    private double sink;

    /** One model of the comparison: the dense one (ratio 0) or a pruned one. */
    private record Variant(String label, OnnxModel model, ModelStatistics statistics) {}

    /** Per variant and round, seconds per run: CPU time of the process and wall time. */
    private record Timings(double[][] cpu, double[][] wall) {}

    @Override
    public Integer call() throws Exception {
        CorruptionSpeed.requirePositive("--rounds", rounds);
        if (warmUp < 0 || profileRuns < 0 || intraOpThreads < 0) {
            throw new IllegalArgumentException("--warm-up, --profile-runs and --intra-op-threads must be >= 0");
        }
        if (!(passSeconds > 0 && passSeconds <= 60)) {
            throw new IllegalArgumentException("--pass-seconds must be in (0, 60], got " + passSeconds);
        }
        if (ratios.stream().anyMatch(r -> !(r > 0 && r < 1)) || batches.stream().anyMatch(b -> b < 1 || b > 4096)
                || roundTo.stream().anyMatch(r -> r < 1 || r > 64)) {
            throw new IllegalArgumentException("--ratios must be in (0, 1), --round-to in 1..64 and --batches in 1..4096,"
                    + " got " + ratios + ", " + roundTo + " and " + batches);
        }
        OnnxModel dense = OnnxModel.load(modelFile);
        PruningContext context = PruningContext.now();
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("0% (dense)", dense, ModelStatistics.of(dense, dense.graph().fixedSampleShape())));
        for (double ratio : ratios) {
            for (int multiple : roundTo) {
                spec.commandLine().getErr().printf(Locale.ROOT, "structured: pruning %.0f%% of the filters, round to %d%n",
                        100 * ratio, multiple);
                PruningResult pruned = PruningMethods.run(dense, "l1-filter", Map.of("ratio", ratio, "roundTo", multiple),
                        context);
                variants.add(new Variant(String.format(Locale.ROOT, "%.0f%%%s", 100 * ratio,
                        multiple == 1 ? "" : ", round to " + multiple), pruned.model(), pruned.after()));
            }
        }
        ImageDataset test = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("test");
        SessionOptionsSpec options = SessionOptionsSpec.cpu().withIntraOpThreads(intraOpThreads);
        int largest = batches.stream().mapToInt(Integer::intValue).max().orElseThrow();
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "## %s: l1-filter, layer scope%n%nSessions: CPU,"
                        + " %s intra-op threads, all graph optimisations; input: Fashion-MNIST test images %s; each timed"
                        + " pass repeats runs for about %s s; %d rounds after %d warm-up rounds, the models in"
                        + " rotating order. CPU = CPU time per run, wall = wall time per run (medians over"
                        + " rounds); speed-ups are medians of the per-round ratios dense / pruned. CPU time is that of the calling"
                        + " thread, where ONNX Runtime computes with one intra-op thread, else of the process.%n%n", modelFile,
                intraOpThreads == 0 ? "ONNX Runtime's default" : String.valueOf(intraOpThreads), test.shape(), passSeconds,
                rounds, warmUp));
        MarkdownTable table = new MarkdownTable("filters removed", "parameters", "MACs per image", "MAC reduction", "batch",
                "CPU p50", "speed-up (CPU)", "/ MAC reduction", "wall p50", "wall spread", "speed-up (wall)");
        List<String> verdicts = new ArrayList<>();
        for (int batch : batches) {
            Timings timings = time(variants, options, test.images(0, batch), batch);
            Samples denseCpu = Samples.of(timings.cpu()[0]);
            Samples denseWall = Samples.of(timings.wall()[0]);
            for (int v = 0; v < variants.size(); v++) {
                Variant variant = variants.get(v);
                double macReduction = (double) variants.get(0).statistics().macs() / variant.statistics().macs();
                Samples cpu = Samples.of(timings.cpu()[v]);
                Samples wall = Samples.of(timings.wall()[v]);
                double cpuSpeedUp = denseCpu.over(cpu).median();
                table.row(variant.label(), String.format(Locale.ROOT, "%,d", variant.statistics().parameters()),
                        String.format(Locale.ROOT, "%.2f M", variant.statistics().macs() / 1e6),
                        String.format(Locale.ROOT, "%.2fx", macReduction), batch, millis(cpu.median()),
                        String.format(Locale.ROOT, "%.2fx", cpuSpeedUp), MarkdownTable.ratio(cpuSpeedUp / macReduction),
                        millis(wall.median()), MarkdownTable.percent(wall.spread()),
                        String.format(Locale.ROOT, "%.2fx", denseWall.over(wall).median()));
                if (v > 0 && batch == largest) {
                    verdicts.add(String.format(Locale.ROOT, "%s: %.2f (%s)", variant.label(), cpuSpeedUp / macReduction,
                            cpuSpeedUp / macReduction >= 0.8 ? "met" : "not met"));
                }
            }
        }
        report.append(table).append('\n').append(String.format(Locale.ROOT, "Target at batch %d: CPU speed-up >= 0.8 x MAC"
                + " reduction. %s.%n%n", largest, String.join("; ", verdicts)));
        if (profileRuns > 0) {
            report.append(profiles(variants, test.images(0, largest), largest));
        }
        // println: picocli's writer flushes on a line end only, and main exits right after.
        spec.commandLine().getOut().println(report);
        spec.commandLine().getErr().printf(Locale.ROOT, "structured: done (checksum %.3f)%n", sink);
        return 0;
    }

    /** Per variant and round, CPU and wall seconds per run; the variants take turns, starting one later each round. */
    private Timings time(List<Variant> variants, SessionOptionsSpec options, float[] images, int batch) {
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
                    double wallSeconds = pass(sessions.get(v), input, batch, 1)[1];
                    repeats[v] = (int) Math.max(1, Math.min(100_000, Math.round(passSeconds / wallSeconds)));
                }
            }
            Timings timings = new Timings(new double[variants.size()][rounds], new double[variants.size()][rounds]);
            for (int round = 0; round < rounds; round++) {
                spec.commandLine().getErr().printf("structured: batch %d, round %d/%d%n", batch, round + 1, rounds);
                for (int turn = 0; turn < variants.size(); turn++) {
                    int v = (turn + round) % variants.size();
                    double[] seconds = pass(sessions.get(v), input, batch, repeats[v]);
                    timings.cpu()[v][round] = seconds[0] / repeats[v];
                    timings.wall()[v][round] = seconds[1] / repeats[v];
                }
            }
            return timings;
        } finally {
            sessions.forEach(ModelSession::close);
        }
    }

    /**
     * {CPU seconds, wall seconds} of {@code repeats} runs. With one intra-op thread ONNX Runtime computes on the
     * calling thread, whose CPU clock is exact to the nanosecond; with a pool, the process's CPU time counts
     * the pool too.
     */
    private double[] pass(ModelSession session, FloatBuffer input, int batch, int repeats) {
        long cpuStart = cpuNanos();
        long start = System.nanoTime();
        for (int r = 0; r < repeats; r++) {
            sink += session.run(input, batch).values()[0];
        }
        return new double[] {(cpuNanos() - cpuStart) / 1e9, (System.nanoTime() - start) / 1e9};
    }

    private long cpuNanos() {
        return intraOpThreads == 1 ? THREADS.getCurrentThreadCpuTime() : PROCESS.getProcessCpuTime();
    }

    /** Each variant run {@code --profile-runs} times by a profiling session: per op type and per stage, side by side. */
    private String profiles(List<Variant> variants, float[] images, int batch) throws OrtException, IOException {
        List<RuntimeProfile> profiles = new ArrayList<>();
        for (Variant variant : variants) {
            spec.commandLine().getErr().printf("structured: profiling %s%n", variant.label());
            profiles.add(profile(variant, images, batch));
        }
        List<String> headers = new ArrayList<>(List.of("op type (ms per run)"));
        variants.forEach(v -> headers.add(v.label()));
        MarkdownTable byOp = new MarkdownTable(headers.toArray(String[]::new));
        Set<String> ops = new LinkedHashSet<>();
        profiles.forEach(p -> p.opMillis().entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> ops.add(e.getKey())));
        for (String op : ops) {
            byOp.row(row(op, profiles, p -> p.opMillis().getOrDefault(op, 0.0)));
        }
        byOp.row(row("all kernels", profiles, RuntimeProfile::kernelMillis));
        byOp.row(row("run (model_run, median)", profiles, RuntimeProfile::runMillis));

        // Per stage: kernel time beside the stage's MACs, as multiply-accumulates per second.
        headers.set(0, "stage: ms per run (GMAC/s)");
        MarkdownTable byStage = new MarkdownTable(headers.toArray(String[]::new));
        Set<String> stages = new LinkedHashSet<>();
        variants.get(0).statistics().layers().forEach(l -> stages.add(RuntimeProfile.prefix(l.node())));
        for (String stage : stages) {
            List<Object> cells = new ArrayList<>(List.of(stage));
            for (int v = 0; v < variants.size(); v++) {
                double ms = profiles.get(v).prefixMillis().getOrDefault(stage, 0.0);
                long macs = variants.get(v).statistics().layers().stream().filter(l -> RuntimeProfile.prefix(l.node()).equals(stage))
                        .mapToLong(LayerStatistics::macs).sum() * batch;
                cells.add(String.format(Locale.ROOT, "%.2f (%.1f)", ms, ms > 0 ? macs / (ms / 1000) / 1e9 : 0));
            }
            byStage.row(cells.toArray());
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "### Where the time goes at batch %d%n%nONNX Runtime"
                + " profile, %d runs of each model after one untimed, same session options; each node counts its fastest"
                + " run (profiles hold wall time, which other processes stretch). Op types after ONNX Runtime's graph"
                + " optimisation: Conv here is its blocked NCHWc convolution (BatchNorm, Relu and the residual Add fused"
                + " in), FusedConv the plain convolution with its activation, used where channel counts are not multiples"
                + " of the block.%n%n%s%n%s%n", batch, profileRuns, byOp, byStage));
        RuntimeProfile baseline = profiles.get(0);
        for (int v = 1; v < variants.size(); v++) {
            RuntimeProfile pruned = profiles.get(v);
            text.append(String.format(Locale.ROOT, "- %s: MACs %.2fx fewer; convolution kernels %.2fx faster (%.2f -> %.2f ms),"
                            + " other kernels %.2f -> %.2f ms%n", variants.get(v).label(),
                    (double) variants.get(0).statistics().macs() / variants.get(v).statistics().macs(),
                    baseline.millisOf("Conv") / pruned.millisOf("Conv"), baseline.millisOf("Conv"), pruned.millisOf("Conv"),
                    baseline.kernelMillis() - baseline.millisOf("Conv"), pruned.kernelMillis() - pruned.millisOf("Conv")));
        }
        return text.append('\n').toString();
    }

    private static Object[] row(String name, List<RuntimeProfile> profiles, ToDoubleFunction<RuntimeProfile> value) {
        List<Object> cells = new ArrayList<>(List.of(name));
        profiles.forEach(p -> cells.add(String.format(Locale.ROOT, "%.2f", value.applyAsDouble(p))));
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
                long[] sample = variant.model().graph().fixedSampleShape();
                long[] shape = new long[sample.length + 1];
                shape[0] = batch;
                System.arraycopy(sample, 0, shape, 1, sample.length);
                for (int r = 0; r < profileRuns + 1; r++) {
                    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(images), shape);
                         OrtSession.Result result = session.run(Map.of(inputName, input))) {
                        sink += ((float[][]) result.get(0).getValue())[0][0];
                    }
                }
                trace = Path.of(session.endProfiling());
            }
            return RuntimeProfile.fromTrace(JSON.readTree(trace.toFile()), 1);
        } finally {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    private static String millis(double seconds) {
        return String.format(Locale.ROOT, "%.2f ms", 1000 * seconds);
    }
}
