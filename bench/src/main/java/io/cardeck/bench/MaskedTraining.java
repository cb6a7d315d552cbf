package io.cardeck.bench;

import io.cardeck.bench.TrainingThroughput.Pass;
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
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What masks cost a training step: the trainer's throughput on a model whose Conv and Gemm weights
 * are masked at a given sparsity (as fine-tuning, LRR and GMP train a pruned model: gradients masked,
 * weights re-masked after each update) against the same model dense, in one process, the two taking
 * turns going first from round to round.
 */
@Command(name = "masked-training", mixinStandardHelpOptions = true,
        description = "Trainer throughput with pruning masks against the same model dense.")
final class MaskedTraining implements Callable<Integer> {

    /** Masked / dense images per second that issue 10 asks for. */
    static final double TARGET = 0.9;
    private static final SgdConfig SGD = new SgdConfig(0.9, true, 5e-4);

    @Spec
    CommandSpec spec;

    @Option(names = "--architectures", split = ",", defaultValue = "resnet20", paramLabel = "NAME",
            description = "Architectures to time: lenet5, resnet20 (default: ${DEFAULT-VALUE}).")
    List<String> architectures;

    @Option(names = "--sparsity", defaultValue = "0.9", description = "Share of each masked weight's values masked (default: ${DEFAULT-VALUE}).")
    double sparsity;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds, each timing both variants once (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--steps", defaultValue = "10", description = "Timed steps per variant and round (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warm-up", defaultValue = "2", paramLabel = "N",
            description = "Untimed steps before the timed ones, per variant and round (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--batch-size", defaultValue = "128", description = "Images per step (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Override
    public Integer call() {
        validate();
        TorchEngine.setIntraOpThreads(threads);
        PrintWriter err = spec.commandLine().getErr();
        MarkdownTable table = new MarkdownTable("architecture", "dense (images/s)", "masked (images/s)", "masked/dense",
                "rounds' ratios", "target");
        for (String architecture : architectures) {
            ArchitectureSpec architectureSpec = ArchitectureSpec.fashionMnist(architecture, 1, 0);
            List<Batch> batches = TrainingThroughput.randomBatches(architectureSpec.input().size(), architectureSpec.classes(),
                    batchSize);
            double[] dense = new double[rounds];
            double[] masked = new double[rounds];
            double[] ratios = new double[rounds];
            try (TorchModel model = TorchModel.compile(Architectures.byName(architecture).build(architectureSpec,
                         DatasetCatalog.FASHION_MNIST, ClassNames.FASHION_MNIST));
                 Trainer trainer = new Trainer(model, SGD, ClassificationLoss.crossEntropy())) {
                List<Parameter> weights = model.parameters().stream().filter(p -> p.dims().length >= 2).toList();
                for (int round = 0; round < rounds; round++) {
                    boolean denseFirst = round % 2 == 0;
                    err.printf("masked-training %s: round %d/%d (%s first)%n", architecture, round + 1, rounds,
                            denseFirst ? "dense" : "masked");
                    if (denseFirst) {
                        dense[round] = time(trainer, batches).imagesPerSecond();
                    }
                    mask(weights, round);
                    masked[round] = time(trainer, batches).imagesPerSecond();
                    weights.forEach(Parameter::clearMask);
                    if (!denseFirst) {
                        dense[round] = time(trainer, batches).imagesPerSecond();
                    }
                    ratios[round] = masked[round] / dense[round];
                }
            }
            double ratio = median(ratios);
            table.row(architecture, MarkdownTable.rate(median(dense)), MarkdownTable.rate(median(masked)),
                    MarkdownTable.ratio(ratio), String.join(" ", Arrays.stream(ratios).mapToObj(MarkdownTable::ratio).toList()),
                    ratio >= TARGET ? "met (>= " + TARGET + ")" : "missed (< " + TARGET + ")");
        }
        spec.commandLine().getOut().printf("## Masked training at %.0f%% sparsity (medians of %d rounds, %d steps of %d images,"
                + " %d thread(s))%n%n%s%n", 100 * sparsity, rounds, steps, batchSize, threads, table);
        return 0;
    }

    private Pass time(Trainer trainer, List<Batch> batches) {
        return TrainingThroughput.time(trainer, batches, warmUp, steps, batchSize);
    }

    /** Masks a random {@code sparsity} share of each weight's values (their values zeroed by the mask). */
    private void mask(List<Parameter> weights, int round) {
        SplittableRandom random = new SplittableRandom(round);
        for (Parameter weight : weights) {
            float[] keep = new float[weight.size()];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < sparsity ? 0f : 1f;
            }
            weight.setMask(keep);
            weight.applyMask();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void validate() {
        CorruptionSpeed.requirePositive("--threads", threads);
        CorruptionSpeed.requirePositive("--rounds", rounds);
        CorruptionSpeed.requirePositive("--steps", steps);
        if (warmUp < 0) {
            throw new IllegalArgumentException("--warm-up must be >= 0, got " + warmUp);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("--batch-size must be at least 2 (BatchNorm in training mode), got " + batchSize);
        }
        if (!(sparsity > 0 && sparsity < 1)) {
            throw new IllegalArgumentException("--sparsity must be in (0, 1), got " + sparsity);
        }
        for (String name : architectures) {
            if (!TrainingThroughput.ARCHITECTURES.contains(name)) {
                throw new IllegalArgumentException("unknown architecture '" + name + "' in --architectures; accepted: "
                        + String.join(", ", TrainingThroughput.ARCHITECTURES));
            }
        }
    }
}
