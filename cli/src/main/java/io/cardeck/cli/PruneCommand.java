package io.cardeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodRequest;
import io.cardeck.trainer.engine.TorchEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Prunes a model with any method of the catalog (see `cardeck methods`), here, with a progress bar.",
                "Calibration and held-out data come from the model's training split (never the test split). Long methods"
                        + " checkpoint into --work after each epoch; the same command started again resumes there. The"
                        + " models of LRR/LTH rounds stay in --work (round-NN.onnx; LTH's dense training: dense.onnx).",
                "With --gateway URL the platform runs it instead: --model is a registered model's id, the job is followed"
                        + " on the platform's event stream until it ends (exit 0 when it SUCCEEDED, 1 otherwise), and"
                        + " --out, if given, receives the result.",
                "Example: cardeck prune --model models/lenet5-standard.onnx --method lrr --param targetSparsity=0.9"
                        + " --param retraining.domain=augmix --out work/lenet5-lrr90.onnx",
                "Example: CARDECK_API_KEY=<admin key> cardeck prune --gateway http://localhost:8080 --model <model id> --method magnitude"
                        + " --param sparsity=0.8 --param recovery.finetune.epochs=3"})
final class PruneCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TICKS = 1000;

    @Spec
    CommandSpec spec;

    /** A platform job is followed this long at most; it goes on after the command gives up. */
    private static final Duration PLATFORM_PATIENCE = Duration.ofHours(48);

    @Option(names = "--model", required = true, paramLabel = "FILE|ID",
            description = "The ONNX model to prune; with --gateway, the id of a model registered on the platform.")
    String model;

    @Option(names = "--gateway", paramLabel = "URL",
            description = "Run the job on the platform at URL (e.g. http://localhost:8080) instead of here.")
    String gateway;

    @Mixin
    GatewayKeyOption gatewayKey;

    @Option(names = "--method", required = true, description = "A method name: cardeck methods lists them.")
    String method;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "A method parameter, repeatable. VALUE is JSON (0.9, true, \"text\", [\"a\"]) or plain text;"
                    + " dotted keys reach nested objects: retraining.epochs=3, recovery.finetune.domain=gauss.")
    List<String> params = List.of();

    @Option(names = "--out", paramLabel = "FILE",
            description = "The pruned ONNX model (required here; with --gateway, where to download the result, if wanted).")
    Path out;

    @Option(names = "--dataset", description = "Dataset of the calibration data (default: the model's metadata).")
    String dataset;

    @Option(names = "--validation-images", defaultValue = "" + CalibrationData.DEFAULT_VALIDATION_IMAGES,
            description = "Training images held out for validation (default: ${DEFAULT-VALUE}).")
    int validationImages;

    @Option(names = "--data-seed", defaultValue = "0", description = "Seed of the held-out split (default: ${DEFAULT-VALUE}).")
    long dataSeed;

    @Option(names = "--work", paramLabel = "DIR", description = "Checkpoints of long methods (default: FILE.work).")
    Path work;

    @Option(names = "--threads", defaultValue = "1",
            description = "PyTorch threads for methods that train (default: ${DEFAULT-VALUE}; on 2 shared cores more ran slower).")
    int threads;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    record RoundLine(int round, int rounds, double sparsity, long nonZeroParameters, Double heldOutAccuracy) {}

    record PruneReport(String file, String method, Map<String, Object> parameters, long parameters_, long nonZeroBefore,
                       long nonZeroAfter, long macsBefore, long nonZeroMacsAfter, double seconds, List<RoundLine> rounds,
                       Map<String, Object> recovery) {}

    /** What a job run on the platform came to; shared with {@code cardeck jobs}. */
    record PlatformReport(String jobId, String status, String resultModelId, String file, int attempts, JsonNode resumedFrom,
                          String error) {

        /** @param file where the result was written, or null */
        static PlatformReport of(JsonNode job, String file) {
            return new PlatformReport(job.path("id").asText(), job.path("status").asText(),
                    job.path("resultModelId").isTextual() ? job.get("resultModelId").asText() : null, file,
                    job.path("attempts").asInt(), job.path("resumedFrom").isObject() ? job.get("resumedFrom") : null,
                    job.path("error").isTextual() ? job.get("error").asText() : null);
        }

        /** @throws IllegalStateException (exit status 1) unless the job SUCCEEDED */
        void requireSuccess() {
            if (!status.equals("SUCCEEDED")) {
                throw new IllegalStateException("prune job " + jobId + " ended " + status + (error != null ? ": " + error : ""));
            }
        }
    }

    @Override
    public void run() {
        CliArguments.requirePositive("--threads", threads);
        Map<String, Object> parameters = parameters(params);
        // Checked here first in both modes: the platform's 400 would say the same, after a round trip.
        MethodRequest<?> request = MethodCatalog.validate(method, parameters);
        if (gateway != null) {
            runOnPlatform(parameters);
            return;
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required: the file the pruned model is written to"
                    + " (or give --gateway URL to run the job on the platform)");
        }
        OnnxModel parent = EvalCommand.load(Path.of(model));
        String datasetName = dataset != null ? dataset : parent.metadata().dataset();
        if (datasetName == null) {
            throw new IllegalArgumentException(model + " names no dataset in its metadata; give --dataset (accepted: "
                    + String.join(", ", DatasetCatalog.NAMES) + " or a directory)");
        }
        CalibrationData data = CalibrationData.of(datasetName, DatasetCatalog.open(datasetName).split("train"), dataSeed,
                validationImages);
        if (request.method().kind().trains() || request.recovery() != null) {
            TorchEngine.setIntraOpThreads(threads);
        }
        Path workDirectory = work != null ? work : Path.of(out + ".work");
        List<RoundLine> rounds = new java.util.ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        PruningResult result;
        try (ProgressBar bar = ProgressBars.start(method, TICKS, "‰")) {
            PruningContext context = PruningContext.builder()
                    .data(data)
                    .workDirectory(workDirectory)
                    .progress((fraction, message) -> {
                        bar.stepTo(Math.round(fraction * TICKS));
                        bar.setExtraMessage(" " + message);
                    })
                    .rounds((round, count, roundResult) -> {
                        Object heldOut = roundRecord(roundResult).get("heldOutAccuracy");
                        rounds.add(new RoundLine(round, count, roundResult.after().sparsity(),
                                roundResult.after().nonZeroParameters(), heldOut instanceof Number n ? n.doubleValue() : null));
                        err.printf("%nround %d/%d: sparsity %.2f%%, held-out accuracy %s (the model: %s)%n", round, count,
                                100 * roundResult.after().sparsity(), heldOut, workDirectory.resolve(
                                        round == 0 ? "dense.onnx" : String.format("round-%02d.onnx", round)));
                    })
                    .build();
            result = PruningMethods.run(parent, request, context);
        }
        save(result.model(), out);
        double seconds = (System.nanoTime() - started) / 1e9;
        ModelStatistics before = result.before();
        ModelStatistics after = result.after();
        @SuppressWarnings("unchecked")
        Map<String, Object> recovery = (Map<String, Object>) result.model().metadata().lineage().recipe()
                .get(MethodCatalog.RECOVERY);
        Output.print(spec, json, new PruneReport(out.toString(), method, request.recordedParameters(), before.parameters(),
                before.nonZeroParameters(), after.nonZeroParameters(), before.macs(), after.nonZeroMacs(), seconds, rounds,
                recovery), PruneCommand::render);
    }

    /**
     * Sends {@code {modelId, method, params}} to the platform and follows the job until it ends.
     *
     * @throws IllegalStateException (exit status 1) unless the job SUCCEEDED
     */
    private void runOnPlatform(Map<String, Object> parameters) {
        GatewayClient platform = new GatewayClient(gateway, gatewayKey.key());
        String jobId = platform.prune(model, method, parameters);
        spec.commandLine().getErr().println("prune job " + jobId + " accepted by " + platform.url());
        JsonNode job = new PruneJobFollower(platform).follow(jobId, method, PLATFORM_PATIENCE);
        String resultId = job.path("resultModelId").isTextual() ? job.get("resultModelId").asText() : null;
        if (resultId != null && out != null) {
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.write(out, platform.onnx(resultId));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
        }
        PlatformReport report = PlatformReport.of(job, resultId != null && out != null ? out.toString() : null);
        Output.print(spec, json, report, PruneCommand::render);
        report.requireSuccess();
    }

    /** KEY=VALUE pairs as a parameter object; dotted keys nest. */
    static Map<String, Object> parameters(List<String> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new InvalidParameterException("--param '" + pair + "' is not KEY=VALUE (e.g. sparsity=0.9)");
            }
            String[] path = pair.substring(0, equals).split("\\.", -1);
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.computeIfAbsent(path[i], key -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map<?, ?>)) {
                    throw new InvalidParameterException("--param '" + pair + "': " + path[i] + " is already a value, not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            node.put(path[path.length - 1], value(pair.substring(equals + 1)));
        }
        return root;
    }

    private static Object value(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            return text;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> roundRecord(PruningResult round) {
        Object record = round.model().metadata().lineage().recipe().get("round");
        return record instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static void save(OnnxModel model, Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            model.save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String render(PlatformReport report) {
        StringBuilder text = new StringBuilder(String.format("prune job %s: %s", report.jobId(), report.status()));
        if (report.resultModelId() != null) {
            text.append(", result model ").append(report.resultModelId());
        }
        if (report.file() != null) {
            text.append(" (").append(report.file()).append(')');
        }
        if (report.attempts() > 1) {
            text.append(String.format("; run %d times", report.attempts()));
        }
        if (report.resumedFrom() != null) {
            text.append(", resumed from the checkpoint of: ").append(report.resumedFrom().path("stage").asText());
        }
        return text.append(System.lineSeparator()).toString();
    }

    private static String render(PruneReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %s %s%n", report.file(), report.method(), report.parameters()));
        text.append(String.format("non-zero parameters %,d -> %,d of %,d; non-zero MACs %,d -> %,d; %.1f s%n",
                report.nonZeroBefore(), report.nonZeroAfter(), report.parameters_(), report.macsBefore(),
                report.nonZeroMacsAfter(), report.seconds()));
        report.rounds().forEach(r -> text.append(String.format("round %d/%d: sparsity %.2f%%, %,d non-zero, held-out accuracy %s%n",
                r.round(), r.rounds(), 100 * r.sparsity(), r.nonZeroParameters(),
                r.heldOutAccuracy() == null ? "-" : String.format("%.2f%%", 100 * r.heldOutAccuracy()))));
        if (report.recovery() != null) {
            text.append("recovery: ").append(report.recovery()).append(System.lineSeparator());
        }
        return text.toString();
    }
}
