package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.metrics.CorruptionCell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "evaluations", mixinStandardHelpOptions = true,
        description = "Robustness evaluations of the platform's models.",
        subcommands = EvaluationsCommand.Show.class)
final class EvaluationsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"One evaluation: clean and robust accuracy, calibration, size and speed, then one row per corruption"
                    + " with its accuracy at severities 1..5. Give the evaluation's id, or --model for a model's latest.",
                    "--csv FILE also writes the gateway's CSV of it (one row per corruption x severity cell).",
                    "Example: cardeck evaluations show --model <model id> --csv work/cells.csv"})
    static final class Show implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(arity = "0..1", paramLabel = "ID", description = "The evaluation's id.")
        String evaluationId;

        @Option(names = "--model", paramLabel = "ID", description = "Show the latest evaluation of this model instead.")
        String modelId;

        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the evaluation's cells as CSV to FILE.")
        Path csv;

        @Override
        public void run() {
            if ((evaluationId == null) == (modelId == null)) {
                throw new ParameterException(spec.commandLine(), (evaluationId == null ? "no evaluation named" : "both an ID and"
                        + " --model given") + ": give either an evaluation's ID or --model with a model's id");
            }
            GatewayClient gateway = platform.gateway();
            String id = evaluationId != null ? evaluationId : latest(gateway, modelId);
            JsonNode evaluation = gateway.evaluation(id);
            if (csv != null) {
                write(csv, gateway.evaluationCsv(id));
                spec.commandLine().getErr().println("wrote the cells of evaluation " + id + " to " + csv);
            }
            Output.print(spec, platform.json, evaluation, EvaluationsCommand::render);
        }

        /** The id of the model's newest evaluation. */
        private static String latest(GatewayClient gateway, String modelId) {
            return StreamSupport.stream(gateway.evaluations(modelId).spliterator(), false)
                    .max(Comparator.comparing(e -> OffsetDateTime.parse(e.path("createdAt").asText())))
                    .map(e -> e.path("id").asText())
                    .orElseThrow(() -> new IllegalStateException("model " + modelId + " has no evaluation yet; uploaded and"
                            + " pruned models are evaluated automatically, follow them with GET /api/events?modelId=" + modelId));
        }

        private static void write(Path file, String text) {
            try {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    static String render(JsonNode evaluation) {
        StringBuilder text = new StringBuilder(String.format("evaluation %s of model %s: %s (%s, %s images per cell)%n",
                evaluation.path("id").asText(), evaluation.path("modelId").asText(), evaluation.path("status").asText(),
                evaluation.path("dataset").asText(), evaluation.path("samplesPerCell").asText("-")));
        if (evaluation.path("error").isTextual()) {
            text.append("error: ").append(evaluation.get("error").asText()).append(System.lineSeparator());
        }
        text.append(String.format("clean accuracy     %s%n", percent(evaluation.path("cleanAccuracy"))));
        text.append(String.format("robust accuracy    %s%n", percent(evaluation.path("robustAccuracy"))));
        text.append(String.format("ECE %s, NLL %s, %s of %s parameters non-zero, %s ms per image%n",
                number(evaluation.path("expectedCalibrationError"), "%.4f"),
                number(evaluation.path("meanNegativeLogLikelihood"), "%.4f"),
                number(evaluation.path("nonZeroParameters"), "%,.0f"), number(evaluation.path("parameters"), "%,.0f"),
                number(evaluation.path("latencyMillisPerImage"), "%.3f")));
        List<CorruptionCell> cells = new ArrayList<>();
        for (JsonNode cell : evaluation.path("cells")) {
            cells.add(new CorruptionCell(cell.path("corruption").asText(), cell.path("severity").asInt(),
                    cell.path("count").asLong(), cell.path("accuracy").asDouble()));
        }
        if (!cells.isEmpty()) {
            text.append(System.lineSeparator()).append(ReportTable.corruptionRows(cells));
        }
        return text.toString();
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format("%6.2f%%", 100 * value.asDouble()) : "-";
    }

    private static String number(JsonNode value, String format) {
        return value.isNumber() ? String.format(format, value.asDouble()) : "-";
    }
}
