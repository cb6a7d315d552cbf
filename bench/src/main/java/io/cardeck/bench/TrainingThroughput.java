package io.cardeck.bench;

import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.cardeck.data.ClassNames;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.trainer.Batch;
import io.cardeck.trainer.ClassificationLoss;
import io.cardeck.trainer.Trainer;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.Parameter;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.SgdConfig;
import io.cardeck.zoo.ArchitectureSpec;
import io.cardeck.zoo.Architectures;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training throughput of the cardeck trainer against plain PyTorch: images per second of forward,
 * backward and SGD step on the zoo's LeNet-5 and ResNet-20 at the same batch size and thread count. The
 * reference is {@code bench/python/train_throughput.py}, the same networks written in PyTorch, run as a
 * child process within each round; the sides take turns going first, so that a slow spell of the
 * machine falls on both. After the rounds both sides profile a few steps with PyTorch's profiler, so
 * that a gap can be put on the ops (or outside them).
 */
@Command(name = "training", mixinStandardHelpOptions = true,
        description = "Training throughput (forward + backward + SGD step) of the cardeck trainer against plain PyTorch.")
final class TrainingThroughput implements Callable<Integer> {

    static final List<String> ARCHITECTURES = List.of("lenet5", "resnet20");
    /** cardeck / PyTorch images/s that issue 3 asks for. */
    static final double TARGET = 0.8;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The zoo's training recipe (cardeck zoo train): the learning rate does not change the work of a step. */
    private static final SgdConfig SGD = new SgdConfig(0.9, true, 5e-4);
    private static final double LEARNING_RATE = 0.1;
    /** Distinct random batches cycled through, on both sides. */
    private static final int BATCHES = 4;
    private static final int PROFILE_ROWS = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads on both sides (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds, each timing both sides once (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--steps", defaultValue = "20", description = "Timed training steps per side and round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warm-up", defaultValue = "3", paramLabel = "N",
            description = "Untimed steps before the timed ones, per side and round (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--profile-steps", defaultValue = "3", paramLabel = "N",
            description = "Steps profiled per side after the rounds; 0 = no profile (default: ${DEFAULT-VALUE}).")
    int profileSteps;

    @Option(names = "--architectures", split = ",", defaultValue = "lenet5,resnet20", paramLabel = "NAME",
            description = "Architectures to time: lenet5, resnet20 (default: both).")
    List<String> architectures;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
            description = "Python with PyTorch (Debian: apt-get install python3-torch) (default: ${DEFAULT-VALUE}).")
    String python;

    @Option(names = "--script", defaultValue = "bench/python/train_throughput.py", paramLabel = "FILE",
            description = "The PyTorch reference (default: ${DEFAULT-VALUE}).")
    Path script;

    /**
     * One side's timed steps: images/s, CPUs busy (process CPU time / wall time; below the thread count
     * when other processes held the cores) and minor page faults per step (NaN where not measured).
     */
    record Pass(double imagesPerSecond, double cpusBusy, double faultsPerStep) {

        /** Images per second of the process's CPU time: what the side would do on a core of its own. */
        double imagesPerCpuSecond() {
            return imagesPerSecond / cpusBusy;
        }
    }

    /** What the reference reported about itself besides its pass. */
    record Reference(Pass pass, long parameters, String torch, String blas, Optional<OpProfile> profile) {}

    /** One architecture's medians over the rounds. */
    record Result(String architecture, double cardeck, double pytorch, double ratio) {}

    @Override
    public Integer call() throws IOException {
        validate();
        TorchEngine.setIntraOpThreads(threads);
        MarkdownTable table = new MarkdownTable("architecture", "cardeck (images/s)", "PyTorch (images/s)",
                "cardeck/PyTorch", "target");
        for (String architecture : architectures) {
            Result result = measure(architecture);
            table.row(result.architecture(), MarkdownTable.rate(result.cardeck()), MarkdownTable.rate(result.pytorch()),
                    MarkdownTable.ratio(result.ratio()), verdict(result.ratio()));
        }
        spec.commandLine().getOut().println("## Summary (medians of " + rounds + " rounds)");
        spec.commandLine().getOut().println();
        spec.commandLine().getOut().println(table);
        return 0;
    }

    private void validate() {
        CorruptionSpeed.requirePositive("--threads", threads);
        CorruptionSpeed.requirePositive("--rounds", rounds);
        CorruptionSpeed.requirePositive("--steps", steps);
        if (warmUp < 0 || profileSteps < 0) {
            throw new IllegalArgumentException("--warm-up and --profile-steps must be >= 0, got " + warmUp + " and "
                    + profileSteps);
        }
        if (batchSize < 2) {
            // BatchNormalization in training mode needs more than one value per channel.
            throw new IllegalArgumentException("--batch-size must be at least 2, got " + batchSize);
        }
        for (String name : architectures) {
            if (!ARCHITECTURES.contains(name)) {
                throw new IllegalArgumentException("unknown architecture '" + name + "' in --architectures; accepted: "
                        + String.join(", ", ARCHITECTURES));
            }
        }
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("--script " + script + " is not a file; the reference is"
                    + " bench/python/train_throughput.py, run from the repository root");
        }
    }

    /** Times one architecture and prints its section. */
    private Result measure(String architecture) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ArchitectureSpec architectureSpec = ArchitectureSpec.fashionMnist(architecture, 1, 0);
        List<Batch> batches = randomBatches(architectureSpec.input().size(), architectureSpec.classes(), batchSize);
        Pass[] cardeck = new Pass[rounds];
        Reference[] reference = new Reference[rounds];
        OpProfile cardeckProfile = null;
        try (TorchModel model = TorchModel.compile(Architectures.byName(architecture).build(architectureSpec,
                     DatasetCatalog.FASHION_MNIST, ClassNames.FASHION_MNIST));
             Trainer trainer = new Trainer(model, SGD, ClassificationLoss.crossEntropy())) {
            long parameters = model.parameters().stream().mapToLong(Parameter::size).sum();
            for (int round = 0; round < rounds; round++) {
                boolean cardeckFirst = round % 2 == 0;
                err.printf("training %s: round %d/%d (%s first)%n", architecture, round + 1, rounds,
                        cardeckFirst ? "cardeck" : "PyTorch");
                if (cardeckFirst) {
                    cardeck[round] = timeCardeck(trainer, batches);
                }
                reference[round] = runReference(architecture, steps, 0);
                if (!cardeckFirst) {
                    cardeck[round] = timeCardeck(trainer, batches);
                }
                if (reference[round].parameters() != parameters) {
                    throw new IllegalStateException("the PyTorch " + architecture + " has " + reference[round].parameters()
                            + " trainable parameters, the zoo's " + parameters + "; " + script + " must build the same"
                            + " network as libs/zoo");
                }
            }
            if (profileSteps > 0) {
                err.printf("training %s: profiling %d steps per side%n", architecture, profileSteps);
                cardeckProfile = profileCardeck(trainer, batches);
            }
        }
        // One timed step is the least the reference takes; its figures are not used here.
        Optional<OpProfile> referenceProfile = profileSteps > 0 ? runReference(architecture, 1, profileSteps).profile()
                : Optional.empty();
        return report(architecture, cardeck, reference, cardeckProfile, referenceProfile.orElse(null));
    }

    /** {@value #BATCHES} batches of uniform pixels in [0, 1) and uniform labels, as the reference makes its own. */
    static List<Batch> randomBatches(int imageSize, int classes, int batchSize) {
        SplittableRandom random = new SplittableRandom(0);
        List<Batch> batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            float[] images = new float[batchSize * imageSize];
            for (int i = 0; i < images.length; i++) {
                images[i] = (float) random.nextDouble();
            }
            batches.add(Batch.of(images, random.ints(batchSize, 0, classes).toArray()));
        }
        return batches;
    }

    static void train(Trainer trainer, List<Batch> batches, int count) {
        for (int step = 0; step < count; step++) {
            trainer.step(batches.get(step % batches.size()), LEARNING_RATE, step);
        }
    }

    private Pass timeCardeck(Trainer trainer, List<Batch> batches) {
        return time(trainer, batches, warmUp, steps, batchSize);
    }

    /** {@code warmUp} untimed steps, then {@code steps} timed ones. */
    static Pass time(Trainer trainer, List<Batch> batches, int warmUp, int steps, int batchSize) {
        train(trainer, batches, warmUp);
        OptionalLong faultsStart = PageFaults.minor();
        long cpuStart = PROCESS.getProcessCpuTime();
        long start = System.nanoTime();
        train(trainer, batches, steps);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9;
        return new Pass((double) steps * batchSize / seconds, cpuSeconds / seconds,
                PageFaults.perStep(faultsStart, PageFaults.minor(), steps));
    }

    private OpProfile profileCardeck(Trainer trainer, List<Batch> batches) throws IOException {
        Path trace = Files.createTempFile("cardeck-training-profile", ".json");
        try {
            long start = System.nanoTime();
            JniUtils.startProfile(false, false, false);
            try {
                train(trainer, batches, profileSteps);
            } finally {
                JniUtils.stopProfile(trace.toString());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return OpProfile.fromChromeTrace(JSON.readTree(trace.toFile()), profileSteps, seconds);
        } finally {
            Files.deleteIfExists(trace);
        }
    }

    /** Runs the reference once: warm-up and {@code timedSteps} timed steps, then {@code profile} profiled steps. */
    private Reference runReference(String architecture, int timedSteps, int profile) throws IOException {
        List<String> command = List.of(python, script.toString(), "--arch", architecture, "--threads",
                String.valueOf(threads), "--batch", String.valueOf(batchSize), "--warm-up", String.valueOf(warmUp),
                "--steps", String.valueOf(timedSteps), "--profile", String.valueOf(profile));
        Path errors = Files.createTempFile("cardeck-training-reference", ".err");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + python + " (" + e.getMessage() + "); the reference needs"
                        + " Python 3 with PyTorch: apt-get install python3-torch, or --python EXE", e);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = waitFor(process);
            if (status != 0) {
                String message = Files.readString(errors, StandardCharsets.UTF_8).strip();
                throw new IllegalStateException("the PyTorch reference failed with status " + status + ": "
                        + String.join(" ", command) + "\n" + tail(message)
                        + (message.contains("No module named 'torch'") ? "\ninstall PyTorch: apt-get install python3-torch" : ""));
            }
            JsonNode report = JSON.readTree(output);
            double seconds = report.path("seconds").asDouble();
            Pass pass = new Pass(report.path("images_per_second").asDouble(),
                    report.path("cpu_seconds").asDouble() / seconds, report.path("minor_faults_per_step").asDouble());
            Optional<OpProfile> opProfile = report.has("profile")
                    ? Optional.of(OpProfile.fromPython(report.get("profile"))) : Optional.empty();
            return new Reference(pass, report.path("parameters").asLong(), report.path("torch").asText(),
                    report.path("blas").asText(), opProfile);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the PyTorch reference did not finish within 30 minutes");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the PyTorch reference ran", e);
        }
    }

    private static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 8), lines.length));
    }

    private Result report(String architecture, Pass[] cardeck, Reference[] reference, OpProfile cardeckProfile,
                          OpProfile referenceProfile) {
        PrintWriter out = spec.commandLine().getOut();
        Samples ours = Samples.of(rates(cardeck));
        Samples theirs = Samples.of(rates(Arrays.stream(reference).map(Reference::pass).toArray(Pass[]::new)));
        Samples ratio = ours.over(theirs);
        Samples perCpu = Samples.of(Arrays.stream(cardeck).mapToDouble(Pass::imagesPerCpuSecond).toArray())
                .over(Samples.of(Arrays.stream(reference).mapToDouble(r -> r.pass().imagesPerCpuSecond()).toArray()));
        MarkdownTable table = new MarkdownTable("round", "first", "cardeck (images/s)", "CPUs busy", "page faults/step",
                "PyTorch (images/s)", "CPUs busy", "page faults/step", "cardeck/PyTorch", "per CPU-second");
        for (int round = 0; round < rounds; round++) {
            Pass ourPass = cardeck[round];
            Pass pass = reference[round].pass();
            table.row(round + 1, round % 2 == 0 ? "cardeck" : "PyTorch", MarkdownTable.rate(ourPass.imagesPerSecond()),
                    MarkdownTable.ratio(ourPass.cpusBusy()), count(ourPass.faultsPerStep()),
                    MarkdownTable.rate(pass.imagesPerSecond()), MarkdownTable.ratio(pass.cpusBusy()),
                    count(pass.faultsPerStep()), MarkdownTable.ratio(ratio.values()[round]),
                    MarkdownTable.ratio(perCpu.values()[round]));
        }
        table.row("median", "", MarkdownTable.rate(ours.median()), "", "", MarkdownTable.rate(theirs.median()), "", "",
                MarkdownTable.ratio(ratio.median()), MarkdownTable.ratio(perCpu.median()));
        Reference first = reference[0];
        out.printf(Locale.ROOT, "## %s%n%n", architecture);
        out.printf(Locale.ROOT, "Batch %d, %d intra-op thread(s) on both sides, %d warm-up + %d timed steps per side and"
                        + " round; cardeck: DJL PyTorch %s through the trainer (Trainer.step); reference: PyTorch %s"
                        + " (%s), BLAS %s.%n%n", batchSize, threads, warmUp, steps, TorchEngine.version(), first.torch(),
                python, first.blas());
        out.println(table);
        out.printf(Locale.ROOT, "cardeck/PyTorch: median %.2f, min %.2f, max %.2f; target %s. Per CPU-second (images/s"
                        + " / CPUs busy on each side): median %.2f, min %.2f, max %.2f.%n%n", ratio.median(), ratio.min(),
                ratio.max(), verdict(ratio.median()), perCpu.median(), perCpu.min(), perCpu.max());
        if (cardeckProfile != null && referenceProfile != null) {
            out.printf(Locale.ROOT, "Where a step's time goes: PyTorch's profiler on both sides, %d steps each, self time"
                    + " per op (the profiler slows both down).%n%n", profileSteps);
            out.println(OpProfile.comparison("cardeck", cardeckProfile, "PyTorch", referenceProfile, PROFILE_ROWS));
            double ourStep = 1000.0 * batchSize / ours.median();
            double theirStep = 1000.0 * batchSize / theirs.median();
            // The profiler's own cost differs between the PyTorch versions: it says how far the two columns compare.
            out.printf(Locale.ROOT, "Unprofiled, a step took %.1f ms (cardeck) and %.1f ms (PyTorch) at the median"
                            + " rates above: profiling added %.0f%% and %.0f%%.%n%n", ourStep, theirStep,
                    100 * (cardeckProfile.wallMillisPerStep() / ourStep - 1),
                    100 * (referenceProfile.wallMillisPerStep() / theirStep - 1));
        }
        out.flush();
        return new Result(architecture, ours.median(), theirs.median(), ratio.median());
    }

    private static String count(double value) {
        return Double.isNaN(value) ? "n/a" : MarkdownTable.rate(value);
    }

    private static String verdict(double ratio) {
        return String.format(Locale.ROOT, ">= %.2f %s", TARGET, ratio >= TARGET ? "met" : "NOT met");
    }

    private static double[] rates(Pass[] passes) {
        return Arrays.stream(passes).mapToDouble(Pass::imagesPerSecond).toArray();
    }
}
