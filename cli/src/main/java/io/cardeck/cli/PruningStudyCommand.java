package io.cardeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodKind;
import io.cardeck.pruning.catalog.MethodRequest;
import io.cardeck.trainer.TrainingDivergedException;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pruning-study", mixinStandardHelpOptions = true,
        description = {"Prunes zoo models with every combination of the given methods, allocations (or filter scopes),"
                + " sparsities (or filter ratios) and recoveries, evaluates each result as `cardeck report` does (the whole"
                + " test split clean; the generated corruption suite of the first --images test images), times it in ONNX"
                + " Runtime, and writes one table per model and the papers' claims checked on them.",
                "Calibration and held-out data come from the training split (seed 0), never the test split. Every"
                        + " result is cached under CARDECK_HOME/studies/pruning: the same command started again goes on"
                        + " where it stopped. docs/pruning.md holds runs."})
final class PruningStudyCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILTERS = "l1-filter";
    private static final String LOBS = "lobs";
    static final List<String> LOBS_NORMALIZATIONS = List.of("none", "layer");
    static final List<String> RESIDUAL_STREAMS = List.of("prune", "keep");
    static final List<String> RECOVERIES = List.of("none", "bn", "finetune");

    @Spec
    CommandSpec spec;

    @Option(names = "--models", split = ",", defaultValue = "lenet5-standard", paramLabel = "NAME",
            description = "Zoo models (models/manifest.json names) to prune (default: ${DEFAULT-VALUE}).")
    List<String> models;

    @Option(names = "--methods", split = ",", defaultValue = "magnitude,wanda,lobs", paramLabel = "METHOD",
            description = "One-shot methods: unstructured ones (magnitude, wanda, lobs) and l1-filter (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--allocations", split = ",", defaultValue = "uniform,global,erk,owl,dsa", paramLabel = "TYPE",
            description = "Allocations of the unstructured methods (default: ${DEFAULT-VALUE}).")
    List<String> allocations;

    @Option(names = "--sparsities", split = ",", defaultValue = "0.5,0.7,0.8,0.9", paramLabel = "S",
            description = "Sparsities of the unstructured methods (default: ${DEFAULT-VALUE}).")
    List<Double> sparsities;

    @Option(names = "--filter-scopes", split = ",", defaultValue = "layer", paramLabel = "SCOPE",
            description = "Scopes of l1-filter: layer, global (default: ${DEFAULT-VALUE}).")
    List<String> filterScopes;

    @Option(names = "--filter-ratios", split = ",", defaultValue = "0.3,0.5,0.7", paramLabel = "R",
            description = "Filter ratios of l1-filter (default: ${DEFAULT-VALUE}).")
    List<Double> filterRatios;

    @Option(names = "--lobs-normalizations", split = ",", defaultValue = "none", paramLabel = "N",
            description = "Saliency normalizations of lobs: none (the paper's), layer (each layer's saliencies divided by"
                    + " its output energy); a layer-normalized row's method is lobs-layer (default: ${DEFAULT-VALUE}).")
    List<String> lobsNormalizations;

    @Option(names = "--residual-streams", split = ",", defaultValue = "prune", paramLabel = "S",
            description = "What l1-filter does with residual streams: prune them with the rest, or keep them whole"
                    + " (keepResidualStreams); a row that keeps them has the method l1-filter-keep-streams"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> residualStreams;

    @Option(names = "--recoveries", split = ",", defaultValue = "none,bn", paramLabel = "R",
            description = "none, bn (BatchNorm recalibration; only where the model has BatchNorm), finetune"
                    + " (default: ${DEFAULT-VALUE}).")
    List<String> recoveries;

    @Option(names = "--finetune-epochs", defaultValue = "2", paramLabel = "E",
            description = "Epochs of the finetune recovery, in the model's own augmentation domain (default: ${DEFAULT-VALUE}).")
    int finetuneEpochs;

    @Option(names = "--images", defaultValue = "200", paramLabel = "N",
            description = "Test images per corruption x severity cell (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--latency-batch", defaultValue = "64", paramLabel = "B",
            description = "Batch of the ONNX Runtime latency, median of 10 runs (default: ${DEFAULT-VALUE}).")
    int latencyBatch;

    @Option(names = "--zoo", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
    Path zoo = Path.of("models");

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Where each result (model and figures) is kept, so that a study resumes (default: CARDECK_HOME/studies/pruning).")
    Path cache;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown here, and the rows as CSV beside it.")
    Path out;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    /**
     * One pruned (or the dense) model's figures; or, with {@code failure}, why the method gave no usable
     * model (its training diverged), and no figures.
     */
    record Row(String model, String method, String allocation, double target, String recovery, double weightSparsity,
               long parameters, long nonZeroParameters, long macs, long nonZeroMacs, double clean, double robust,
               Map<String, Double> families, double latencyMs, double pruneSeconds, String failure) {

        static Row failed(String model, String method, String allocation, double target, String recovery,
                          double pruneSeconds, String failure) {
            return new Row(model, method, allocation, target, recovery, 0, 0, 0, 0, 0, 0, 0, Map.of(), 0, pruneSeconds,
                    failure);
        }

        boolean succeeded() {
            return failure == null;
        }
    }

    record Study(String dataset, int imagesPerCell, int latencyBatch, int finetuneEpochs, String command, List<Row> rows) {
    }

    @Override
    public void run() {
        CliArguments.requirePositive("--images", images);
        CliArguments.requirePositive("--latency-batch", latencyBatch);
        CliArguments.requirePositive("--finetune-epochs", finetuneEpochs);
        checkOptions();
        ZooManifest manifest = ZooManifest.read(zoo);
        List<ZooEntry> entries = models.stream().map(name -> manifest.entry(name).orElseThrow(() ->
                new IllegalArgumentException("--models: no zoo model '" + name + "' in " + zoo.resolve(ZooManifest.FILE_NAME)
                        + "; accepted: " + manifest.models().stream().map(ZooEntry::name).toList()))).toList();
        List<Row> rows = new ArrayList<>();
        for (ZooEntry entry : entries) {
            rows.addAll(study(entry));
        }
        Study study = new Study(entries.get(0).dataset(), images, latencyBatch, finetuneEpochs, command(), rows);
        if (out != null) {
            write(study);
        }
        Output.print(spec, json, study, PruningStudyReport::markdown);
    }

    private void checkOptions() {
        for (String method : methods) {
            MethodKind kind = MethodCatalog.byName(method).kind();
            if (kind.trains() || !(kind == MethodKind.UNSTRUCTURED || kind == MethodKind.STRUCTURED)) {
                throw new IllegalArgumentException("--methods: '" + method + "' is " + kind.name().toLowerCase(Locale.ROOT)
                        + "; this study compares one-shot methods: magnitude, wanda, lobs, l1-filter");
            }
        }
        for (String normalization : lobsNormalizations) {
            if (!LOBS_NORMALIZATIONS.contains(normalization)) {
                throw new IllegalArgumentException("--lobs-normalizations: unknown '" + normalization + "'; accepted: "
                        + LOBS_NORMALIZATIONS);
            }
        }
        for (String streams : residualStreams) {
            if (!RESIDUAL_STREAMS.contains(streams)) {
                throw new IllegalArgumentException("--residual-streams: unknown '" + streams + "'; accepted: " + RESIDUAL_STREAMS);
            }
        }
        for (String recovery : recoveries) {
            if (!RECOVERIES.contains(recovery)) {
                throw new IllegalArgumentException("--recoveries: unknown '" + recovery + "'; accepted: " + RECOVERIES);
            }
        }
        for (double sparsity : sparsities) {
            if (!(sparsity > 0 && sparsity < 1)) {
                throw new IllegalArgumentException("--sparsities: " + sparsity + " is not in (0, 1)");
            }
        }
        for (double ratio : filterRatios) {
            if (!(ratio > 0 && ratio < 1)) {
                throw new IllegalArgumentException("--filter-ratios: " + ratio + " is not in (0, 1)");
            }
        }
    }

    private List<Row> study(ZooEntry entry) {
        PrintWriter log = spec.commandLine().getErr();
        Path parentFile = zoo.resolve(entry.file());
        OnnxModel parent = EvalCommand.load(parentFile);
        boolean hasBatchNorm = parent.graph().nodes().stream().anyMatch(n -> n.opType().equals("BatchNormalization"));
        CalibrationData data = CalibrationData.of(entry.dataset(), DatasetCatalog.open(entry.dataset()).split("train"), 0,
                CalibrationData.DEFAULT_VALIDATION_IMAGES);
        float[] latencyImages = DatasetCatalog.open(entry.dataset()).split("test").images(0, latencyBatch);
        List<Row> rows = new ArrayList<>();
        rows.add(row(entry.name(), "dense", "-", 0, "none", parentFile, 0, latencyImages, log));
        Path folder = (cache != null ? cache : DemoCommand.home().resolve("studies").resolve("pruning")).resolve(entry.name());
        for (Variant variant : methodVariants()) {
            String method = variant.method();
            boolean filters = method.equals(FILTERS);
            for (String allocation : filters ? filterScopes : allocations) {
                for (double target : filters ? filterRatios : sparsities) {
                    for (String recovery : recoveries) {
                        if (recovery.equals("bn") && !hasBatchNorm) {
                            continue;
                        }
                        String name = String.format(Locale.ROOT, "%s-%s-%s-%.2f-%s%s", entry.name(), variant.name(), allocation, target,
                                recovery, recovery.equals("finetune") ? "-e" + finetuneEpochs : "");
                        // The figures depend on the images per cell; the pruned model does not.
                        Path cached = folder.resolve(name + "-i" + images + ".json");
                        if (Files.isRegularFile(cached)) {
                            rows.add(read(cached));
                            continue;
                        }
                        Map<String, Object> parameters = parameters(method, allocation, target, recovery, entry.augmentation());
                        parameters.putAll(variant.parameters());
                        log.printf("%s: %s %s%n", name, method, parameters);
                        MethodRequest<?> request = MethodCatalog.validate(method, parameters);
                        if (request.recovery() != null) {
                            TorchEngine.setIntraOpThreads(1);
                        }
                        long started = System.nanoTime();
                        Row row;
                        try {
                            PruningResult result = PruningMethods.run(parent, request, PruningContext.builder()
                                    .data(data).workDirectory(folder.resolve(name + ".work")).build());
                            double seconds = (System.nanoTime() - started) / 1e9;
                            Path file = folder.resolve(name + ".onnx");
                            PruneCommand.save(result.model(), file);
                            row = row(entry.name(), variant.name(), allocation, target, recovery, file, seconds, latencyImages, log);
                        } catch (TrainingDivergedException e) {
                            // Kept as the row's result, so a resumed study does not train it again; delete its file to retry.
                            log.printf("%s: %s%n", name, e.getMessage());
                            row = Row.failed(entry.name(), variant.name(), allocation, target, recovery,
                                    (System.nanoTime() - started) / 1e9, e.getMessage());
                        }
                        write(cached, row);
                        rows.add(row);
                    }
                }
            }
        }
        return rows;
    }

    /** A row's method as the study names it, and the parameters that make it differ from the method's defaults. */
    private record Variant(String name, String method, Map<String, Object> parameters) {
    }

    /**
     * The methods, lobs once per saliency normalization (lobs with the paper's, lobs-layer with the layer's),
     * l1-filter once per treatment of residual streams (l1-filter prunes them, l1-filter-keep-streams keeps them).
     */
    private List<Variant> methodVariants() {
        List<Variant> variants = new ArrayList<>();
        for (String method : methods) {
            if (method.equals(LOBS)) {
                lobsNormalizations.forEach(n -> variants.add(n.equals("none") ? new Variant(LOBS, LOBS, Map.of())
                        : new Variant(LOBS + "-" + n, LOBS, Map.of("saliencyNormalization", n))));
            } else if (method.equals(FILTERS)) {
                residualStreams.forEach(s -> variants.add(s.equals("prune") ? new Variant(FILTERS, FILTERS, Map.of())
                        : new Variant(FILTERS + "-keep-streams", FILTERS, Map.of("keepResidualStreams", true))));
            } else {
                variants.add(new Variant(method, method, Map.of()));
            }
        }
        return variants;
    }

    private Map<String, Object> parameters(String method, String allocation, double target, String recovery, String domain) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (method.equals(FILTERS)) {
            parameters.put("ratio", target);
            parameters.put("scope", allocation);
        } else {
            parameters.put("sparsity", target);
            parameters.put("allocation", Map.of("type", allocation));
        }
        switch (recovery) {
            case "bn" -> parameters.put("recovery", Map.of("bnRecalibration", true));
            case "finetune" -> parameters.put("recovery", Map.of("finetune", Map.of("epochs", finetuneEpochs, "domain", domain)));
            default -> { }
        }
        return parameters;
    }

    private Row row(String model, String method, String allocation, double target, String recovery, Path file,
                    double pruneSeconds, float[] latencyImages, PrintWriter log) {
        ModelFigures figures = ModelFigures.of(file, DatasetCatalog.FASHION_MNIST, images, log);
        OnnxModel onnx = EvalCommand.load(file);
        ModelStatistics statistics = ModelStatistics.of(onnx, onnx.graph().fixedSampleShape());
        return new Row(model, method, allocation, target, recovery, figures.sparsity(), statistics.parameters(),
                statistics.nonZeroParameters(), statistics.macs(), statistics.nonZeroMacs(), figures.clean(), figures.robust(),
                figures.families(), latencyMs(onnx, latencyImages), pruneSeconds, null);
    }

    /** Median of 10 timed runs after 3 warm-up runs, one intra-op thread so that rows compare on a shared machine. */
    private double latencyMs(OnnxModel model, float[] batch) {
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu().withIntraOpThreads(1))) {
            for (int i = 0; i < 3; i++) {
                session.run(batch, latencyBatch);
            }
            double[] times = new double[10];
            for (int i = 0; i < times.length; i++) {
                long started = System.nanoTime();
                session.run(batch, latencyBatch);
                times[i] = (System.nanoTime() - started) / 1e6;
            }
            Arrays.sort(times);
            return (times[4] + times[5]) / 2;
        }
    }

    private String command() {
        return String.format(Locale.ROOT, "./cardeck pruning-study --models %s --methods %s --allocations %s --sparsities %s"
                        + " --filter-scopes %s --filter-ratios %s --lobs-normalizations %s --residual-streams %s --recoveries %s"
                        + " --finetune-epochs %d --images %d --latency-batch %d", String.join(",", models), String.join(",", methods),
                String.join(",", allocations), join(sparsities), String.join(",", filterScopes), join(filterRatios),
                String.join(",", lobsNormalizations), String.join(",", residualStreams), String.join(",", recoveries), finetuneEpochs,
                images, latencyBatch);
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(v -> String.format(Locale.ROOT, "%s", v)).toList());
    }

    private static Row read(Path file) {
        try {
            return JSON.readValue(file.toFile(), Row.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cached study row " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, Row row) {
        try {
            JSON.writeValue(file.toFile(), row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the study row in " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(Study study) {
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, PruningStudyReport.markdown(study));
            String csvName = out.getFileName().toString().replaceAll("\\.md$", "") + ".csv";
            Files.writeString(out.resolveSibling(csvName), PruningStudyReport.csv(study));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the study to " + out + ": " + e.getMessage(), e);
        }
    }
}
