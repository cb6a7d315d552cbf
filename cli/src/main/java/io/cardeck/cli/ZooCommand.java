package io.cardeck.cli;

import io.cardeck.augmentation.AugMix;
import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.evaluation.EvaluationOptions;
import io.cardeck.evaluation.EvaluationReport;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.Device;
import io.cardeck.trainer.BatchProgress;
import io.cardeck.trainer.ClassificationLoss;
import io.cardeck.trainer.EpochResult;
import io.cardeck.trainer.TrainingListener;
import io.cardeck.trainer.TrainingResult;
import io.cardeck.trainer.TrainingRun;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.TorchModel;
import io.cardeck.trainer.optim.LearningRateSchedule;
import io.cardeck.trainer.optim.SgdConfig;
import io.cardeck.zoo.ArchitectureSpec;
import io.cardeck.zoo.Architectures;
import io.cardeck.zoo.CardEntry;
import io.cardeck.zoo.ModelCards;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "zoo", mixinStandardHelpOptions = true, description = "The model zoo: train, list and verify.",
        subcommands = {ZooCommand.Train.class, ZooCommand.RecordCard.class, ZooCommand.ListModels.class, ZooCommand.Verify.class,
            ZooCommand.ModelCard.class})
final class ZooCommand implements Runnable {

    /** Where the zoo lives, relative to the repository root the launcher runs from. */
    static final Path DEFAULT_MODELS = Path.of("models");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Builds an architecture and trains it with the trainer (ONNX run on PyTorch through DJL).",
                    "SGD (momentum 0.9, Nesterov, weight decay 5e-4), cosine learning rate with a 1-epoch warm-up; "
                            + "checkpoints after each epoch, so an interrupted run resumes.",
                    "With --name the model is also evaluated (whole test split; robust accuracy on the generated "
                            + "suite) and recorded in the zoo manifest."})
    static final class Train implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--arch", required = true, description = "lenet5, resnet20 or vgg-small.")
        String architecture;

        @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "Training data (default: ${DEFAULT-VALUE}).")
        String dataset;

        @Option(names = "--augment", defaultValue = "standard", description = "Training domain: standard, gauss or augmix (default: ${DEFAULT-VALUE}).")
        String augment;

        @Option(names = "--jsd", description = "With --augment augmix: AugMix's Jensen-Shannon consistency loss (three views per image, about 3x slower).")
        boolean jensenShannon;

        @Option(names = "--epochs", required = true, description = "Training epochs.")
        int epochs;

        @Option(names = "--seed", defaultValue = "0", description = "Seed of the initialisation, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--width", defaultValue = "1", description = "Width multiplier (resnet20, vgg-small; default: ${DEFAULT-VALUE}).")
        int width;

        @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
        int batchSize;

        @Option(names = "--lr", defaultValue = "0.05", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
        double learningRate;

        @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (default: all).")
        int limit;

        @Option(names = "--threads", defaultValue = "1",
                description = "PyTorch threads (default: ${DEFAULT-VALUE}; on 2 shared cores more ran slower).")
        int threads;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The trained ONNX model.")
        Path out;

        @Option(names = "--checkpoints", paramLabel = "DIR", description = "Checkpoint directory (default: FILE.checkpoints).")
        Path checkpoints;

        @Option(names = "--name", description = "Record the model under this name in the zoo manifest (after evaluating it).")
        String name;

        @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
        Path models = DEFAULT_MODELS;

        @Option(names = "--suite-images", defaultValue = "1000", paramLabel = "N",
                description = "Test images per cell of the suite for the recorded robust accuracy (default: ${DEFAULT-VALUE}).")
        int suiteImages;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        record TrainReport(String file, String sha256, List<EpochResult> epochs, double seconds, ZooEntry recorded) {}

        @Override
        public void run() {
            CliArguments.requirePositive("--epochs", epochs);
            CliArguments.requirePositive("--batch-size", batchSize);
            CliArguments.requirePositive("--threads", threads);
            CliArguments.requireNonNegative("--limit", limit);
            if (!(learningRate > 0 && learningRate <= 10)) {
                throw new IllegalArgumentException("--lr must be in (0, 10], got " + learningRate);
            }
            TrainingDomains.byName(augment);
            if (jensenShannon && !augment.equals(TrainingDomains.AUGMIX)) {
                throw new IllegalArgumentException("--jsd needs --augment augmix");
            }
            DatasetSource source = DatasetCatalog.open(dataset);
            ImageDataset train = source.split("train").firstImages(limit);
            ImageDataset test = source.split("test");
            ArchitectureSpec architectureSpec = new ArchitectureSpec(architecture, train.shape(), train.classNames().size(),
                    width, seed, io.cardeck.zoo.Normalization.defaultFor(train.shape().channels()));
            OnnxModel initial = Architectures.byName(architecture).build(architectureSpec, source.name(), train.classNames());

            TorchEngine.setIntraOpThreads(threads);
            long started = System.nanoTime();
            TrainingResult result;
            try (TorchModel model = TorchModel.compile(initial)) {
                TrainingRun.Builder run = TrainingRun.builder(model, train)
                        .optimizer(new SgdConfig(0.9, true, 5e-4))
                        .schedule(schedule())
                        .epochs(epochs)
                        .batchSize(batchSize)
                        .seed(seed)
                        .evaluateOn(test.firstImages(2000))
                        .checkpoints(checkpoints != null ? checkpoints : Path.of(out + ".checkpoints"));
                if (jensenShannon) {
                    run.baseAugmentation(TrainingDomains.byName(TrainingDomains.STANDARD)).augmentation(new AugMix())
                            .loss(ClassificationLoss.crossEntropy().withConsistency(ClassificationLoss.AUGMIX_CONSISTENCY_WEIGHT));
                } else {
                    run.augmentation(TrainingDomains.byName(augment));
                }
                try (ProgressBar bar = ProgressBars.start("training", (long) epochs * batches(train.size()), "batch")) {
                    result = run.listener(new BarListener(bar, spec.commandLine().getErr())).build().run();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write checkpoints: " + e.getMessage(), e);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            save(result.model(), out);
            ZooEntry recorded = name == null ? null : record(result.model(), architectureSpec, test, seconds);
            Output.print(spec, json, new TrainReport(out.toString(), result.model().sha256(), result.epochs(), seconds, recorded),
                    r -> render(r));
        }

        private LearningRateSchedule schedule() {
            LearningRateSchedule cosine = LearningRateSchedule.cosine(learningRate, epochs);
            return epochs > 2 ? cosine.withWarmup(1, 0.1) : cosine;
        }

        private int batches(int images) {
            return (images + batchSize - 1) / batchSize;
        }

        private ZooEntry record(OnnxModel model, ArchitectureSpec architectureSpec, ImageDataset test, double seconds) {
            DatasetSource source = DatasetCatalog.open(dataset);
            EvaluationReport clean = EvalCommand.evaluate(model, Device.CPU, test, null, new EvaluationOptions(256, 0));
            ImageDataset suiteSource = test.firstImages(suiteImages);
            EvaluationReport robust = EvalCommand.evaluate(model, Device.CPU, suiteSource,
                    GeneratedSuites.ofTestImages(source.name(), suiteSource, 0), new EvaluationOptions(256, 0));
            Path file = models.resolve(name + ".onnx");
            save(model, file);
            ZooEntry entry = new ZooEntry(name, name + ".onnx", architectureSpec.toJson(), source.name(),
                    augment + (jensenShannon ? "+jsd" : ""), epochs, batchSize, learningRate, seed, clean.clean().accuracy(),
                    robust.robustness().robustAccuracy().value(), suiteImages, 0,
                    ModelStatistics.of(model, model.graph().fixedSampleShape()).parameters(), model.sha256(), seconds,
                    "./cardeck " + String.join(" ", spec.commandLine().getParseResult().originalArgs()), Instant.now());
            ZooManifest.read(models).with(entry).write(models);
            return entry;
        }

        private static void save(OnnxModel model, Path file) {
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                model.save(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }

        private static String render(TrainReport report) {
            StringBuilder text = new StringBuilder(String.format("%-6s %9s %9s %12s %10s %9s%n", "epoch", "loss", "train acc",
                    "held-out acc", "lr", "img/s"));
            for (EpochResult epoch : report.epochs()) {
                text.append(String.format("%-6d %9.4f %8.2f%% %11s %10.5f %9.0f%n", epoch.epoch(), epoch.loss(),
                        100 * epoch.accuracy(), epoch.heldOut().map(e -> String.format("%.2f%%", 100.0 * e.correct() / e.images()))
                                .orElse("-"), epoch.learningRate(), epoch.imagesPerSecond()));
            }
            text.append(String.format("%s (sha256 %s) after %.0f s%n", report.file(), report.sha256(), report.seconds()));
            if (report.recorded() != null) {
                ZooEntry e = report.recorded();
                text.append(String.format("recorded %s: test accuracy %.2f%%, robust accuracy %.2f%%%n", e.name(),
                        100 * e.testAccuracy(), 100 * e.robustAccuracy()));
            }
            return text.toString();
        }
    }

    /** Moves the progress bar per batch and prints one line per epoch. */
    private record BarListener(ProgressBar bar, PrintWriter err) implements TrainingListener {

        @Override
        public void onStart(int firstEpoch, int epochs, int batchesPerEpoch) {
            bar.stepTo((long) (firstEpoch - 1) * batchesPerEpoch);
            if (firstEpoch > 1) {
                err.printf("resuming after epoch %d from the checkpoint%n", firstEpoch - 1);
            }
        }

        @Override
        public void onBatch(BatchProgress progress) {
            bar.step();
            bar.setExtraMessage(String.format(" epoch %d loss %.3f acc %.1f%%", progress.epoch(), progress.loss(),
                    100 * progress.accuracy()));
        }
    }

    @Command(name = "record-card", mixinStandardHelpOptions = true,
            description = {"Records a model pruned from a zoo model (a CARD, or a model of its comparison) in the zoo"
                    + " manifest, with its figures as `cardeck report` gives them and the command that rebuilt it.",
                    "The model must lie in the models folder and name a zoo model as its lineage's parent."})
    static final class RecordCard implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "The pruned model, inside --models.")
        Path file;

        @Option(names = "--parent", required = true, description = "The zoo model it was pruned from.")
        String parent;

        @Option(names = "--command", required = true, description = "The command that rebuilds it.")
        String command;

        @Option(names = "--suite-images", defaultValue = "1000", paramLabel = "N",
                description = "Test images per cell for the robust accuracy (default: ${DEFAULT-VALUE}).")
        int suiteImages;

        @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
        Path models = DEFAULT_MODELS;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            CliArguments.requirePositive("--suite-images", suiteImages);
            ZooManifest manifest = ZooManifest.read(models);
            ZooEntry parentEntry = manifest.entry(parent).orElseThrow(() -> new IllegalArgumentException("--parent " + parent
                    + " is not a model of the zoo; accepted: " + manifest.models().stream().map(ZooEntry::name).toList()));
            Path relative = models.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
            if (relative.startsWith("..")) {
                throw new IllegalArgumentException("--file " + file + " is not inside " + models);
            }
            OnnxModel model = EvalCommand.load(file);
            io.cardeck.onnx.Lineage lineage = model.metadata().lineage();
            if (lineage == null || !lineage.parentSha256().equals(parentEntry.sha256())) {
                throw new IllegalArgumentException(file + " was not pruned from " + parent + " (its lineage names "
                        + (lineage == null ? "no parent" : "the parent with SHA-256 " + lineage.parentSha256()) + ")");
            }
            ModelFigures figures = ModelFigures.of(file, parentEntry.dataset(), suiteImages, spec.commandLine().getErr());
            String name = figures.model();
            CardEntry card = new CardEntry(name, relative.toString(), parent, lineage.method(), lineage.parameters(),
                    figures.sparsity(), figures.nonZeroParameters(), figures.gzipBytes(), figures.clean(), figures.robust(),
                    figures.families(), suiteImages, 0, figures.sha256(), command, Instant.now());
            // Read again under a lock: the evaluation above takes minutes, and trainings started side by
            // side record their models meanwhile; writing the copy read at the start would drop theirs.
            try (FileChannel lock = FileChannel.open(models.resolve(".manifest.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = lock.lock()) {
                ZooManifest.read(models).withCard(card).write(models);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + models.resolve(".manifest.lock") + ": " + e.getMessage(), e);
            }
            Output.print(spec, json, card, c -> String.format("recorded %s: %s of %s, weight sparsity %.2f%%, test accuracy"
                    + " %.2f%%, robust accuracy %.2f%%%n", c.name(), c.method(), c.parent(), 100 * c.weightSparsity(),
                    100 * c.testAccuracy(), 100 * c.robustAccuracy()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The models of the zoo manifest.")
    static final class ListModels implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
        Path models = DEFAULT_MODELS;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            ZooManifest manifest = ZooManifest.read(models);
            Output.print(spec, json, manifest, m -> {
                StringBuilder text = new StringBuilder(String.format("%-22s %-10s %-10s %6s %9s %9s %10s%n", "name",
                        "augment", "dataset", "epochs", "test acc", "robust", "parameters"));
                for (ZooEntry e : m.models()) {
                    text.append(String.format("%-22s %-10s %-10s %6d %8.2f%% %8s %,10d%n", e.name(), e.augmentation(),
                            e.dataset(), e.epochs(), 100 * e.testAccuracy(),
                            e.robustAccuracy() == null ? "-" : String.format("%.2f%%", 100 * e.robustAccuracy()), e.parameters()));
                }
                if (!m.cards().isEmpty()) {
                    text.append(String.format("%n%-26s %-22s %-10s %8s %9s %9s %10s%n", "card", "parent", "method", "sparsity",
                            "test acc", "robust", "non-zero"));
                    for (CardEntry c : m.cards()) {
                        text.append(String.format("%-26s %-22s %-10s %7.2f%% %8.2f%% %8.2f%% %,10d%n", c.name(), c.parent(),
                                c.method(), 100 * c.weightSparsity(), 100 * c.testAccuracy(), 100 * c.robustAccuracy(),
                                c.nonZeroParameters()));
                    }
                }
                return text.toString();
            });
        }
    }

    @Command(name = "model-card", mixinStandardHelpOptions = true,
            description = "The model card of a zoo model or CARD, from the manifest: data, recipe, figures, licence (Markdown).")
    static final class ModelCard implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A model or CARD name of the manifest (cardeck zoo list).")
        String name;

        @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
        Path models = DEFAULT_MODELS;

        @Override
        public void run() {
            try {
                spec.commandLine().getOut().print(ModelCards.of(ZooManifest.read(models), name));
            } catch (java.util.NoSuchElementException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks every zoo model and card against the manifest: the file's SHA-256 and its test accuracy, evaluated again.")
    static final class Verify implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
        Path models = DEFAULT_MODELS;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        record Check(String name, boolean sha256Matches, double recordedAccuracy, double measuredAccuracy) {
            boolean passed() {
                return sha256Matches && Math.abs(recordedAccuracy - measuredAccuracy) < 1e-9;
            }
        }

        @Override
        public void run() {
            List<Check> checks = new ArrayList<>();
            ZooManifest manifest = ZooManifest.read(models);
            for (ZooEntry entry : manifest.models()) {
                checks.add(check(entry.name(), entry.file(), entry.dataset(), entry.sha256(), entry.testAccuracy()));
            }
            for (CardEntry card : manifest.cards()) {
                String dataset = manifest.entry(card.parent()).orElseThrow().dataset();
                checks.add(check(card.name(), card.file(), dataset, card.sha256(), card.testAccuracy()));
            }
            Output.print(spec, json, checks, list -> {
                StringBuilder text = new StringBuilder();
                list.forEach(c -> text.append(String.format("%-22s %s sha256 %s, test accuracy recorded %.4f measured %.4f%n",
                        c.name(), c.passed() ? "ok  " : "FAIL", c.sha256Matches() ? "matches" : "DIFFERS",
                        c.recordedAccuracy(), c.measuredAccuracy())));
                return text.toString();
            });
            if (checks.stream().anyMatch(c -> !c.passed())) {
                throw new IllegalStateException("the zoo does not match its manifest (see above)");
            }
        }

        private Check check(String name, String file, String dataset, String sha256, double recorded) {
            OnnxModel model = EvalCommand.load(models.resolve(file));
            ImageDataset test = DatasetCatalog.open(dataset).split("test");
            double measured = EvalCommand.evaluate(model, Device.CPU, test, null, new EvaluationOptions(256, 0)).clean().accuracy();
            return new Check(name, model.sha256().equals(sha256), recorded, measured);
        }
    }
}
