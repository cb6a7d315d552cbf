package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.onnx.ModelDigest;
import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The platform's model registry: list, upload and download models through the gateway.",
        subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Upload.class, ModelsCommand.Download.class})
final class ModelsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Every registered model, newest first: id, name, dataset, origin, pruning method, non-zero parameters.",
                    "Example: cardeck models list --json"})
    static final class ListModels implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Override
        public void run() {
            Output.print(spec, platform.json, platform.gateway().models(), ListModels::render);
        }

        private static String render(JsonNode models) {
            StringBuilder text = new StringBuilder(String.format("%-36s  %-28s %-14s %-8s %-12s %14s%n", "id", "name",
                    "dataset", "origin", "method", "non-zero"));
            for (JsonNode model : models) {
                text.append(String.format("%-36s  %-28s %-14s %-8s %-12s %,14d%n", model.path("id").asText(),
                        model.path("name").asText(), model.path("dataset").asText(), model.path("origin").asText(),
                        model.path("lineage").path("method").asText("-"), model.path("nonZeroParameters").asLong()));
            }
            return text.append(models.size()).append(" model(s)").append(System.lineSeparator()).toString();
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = {"Registers an ONNX image classifier; the platform checks it and evaluates it automatically.",
                    "Name, dataset and labels default to the file's name and its ONNX metadata (dataset, labels).",
                    "Example: cardeck models upload models/lenet5-standard.onnx --name my-lenet"})
    static final class Upload implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "FILE", description = "The ONNX model.")
        Path file;

        @Option(names = "--name", description = "The model's name in the registry (default: FILE without .onnx).")
        String name;

        @Option(names = "--dataset", description = "The dataset it classifies, e.g. fashion-mnist (default: the model's metadata).")
        String dataset;

        @Option(names = "--labels", split = ",", paramLabel = "LABEL",
                description = "Class names in output order, comma-separated (default: the model's metadata).")
        List<String> labels;

        @Override
        public void run() {
            byte[] onnx = read(spec, file, "an ONNX model");
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("name", name != null ? name : file.getFileName().toString().replaceFirst("\\.onnx$", ""));
            ModelMetadata own = dataset == null || labels == null ? OnnxModel.parse(onnx, file.toString()).metadata() : null;
            metadata.put("dataset", dataset != null ? dataset : own.dataset());
            metadata.put("labels", labels != null ? labels : own.labels());
            JsonNode model = platform.gateway().upload(metadata, file.getFileName().toString(), onnx);
            Output.print(spec, platform.json, model, m -> String.format("registered %s as %s (%s, %,d parameters)%n",
                    m.path("name").asText(), m.path("id").asText(), m.path("dataset").asText(), m.path("parameters").asLong()));
        }
    }

    /** What a download wrote. */
    record Downloaded(String modelId, String file, long bytes, String sha256) {
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Writes a registered model's ONNX file.",
                    "Example: cardeck models download <model id> --out work/pruned.onnx"})
    static final class Download implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "ID", description = "The model's id (cardeck models list).")
        String modelId;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the ONNX file is written.")
        Path out;

        @Override
        public void run() {
            byte[] onnx = platform.gateway().onnx(modelId);
            try {
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                Files.write(out, onnx);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
            }
            Output.print(spec, platform.json, new Downloaded(modelId, out.toString(), onnx.length, ModelDigest.sha256(onnx)),
                    d -> String.format("%s: %,d bytes, sha256 %s%n", d.file(), d.bytes(), d.sha256()));
        }
    }

    /**
     * The bytes of a file named on the command line; {@code expected} says what it should be (e.g. "an ONNX model").
     *
     * @throws ParameterException (usage error) when it is not a readable regular file
     */
    static byte[] read(CommandSpec spec, Path file, String expected) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ParameterException(spec.commandLine(), file + " is not a readable file"
                    + (Files.isDirectory(file) ? " (it is a directory)" : Files.exists(file) ? "" : " (it does not exist)")
                    + "; give the path of " + expected + " file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
