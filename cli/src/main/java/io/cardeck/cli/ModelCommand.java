package io.cardeck.cli;

import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.ValueInfo;
import io.cardeck.onnx.count.LayerStatistics;
import io.cardeck.onnx.count.ModelStatistics;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "model", mixinStandardHelpOptions = true, description = "ONNX models.",
        subcommands = ModelCommand.Info.class)
final class ModelCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    record Value(String name, int elemType, List<Long> dims) {
        static Value of(ValueInfo info) {
            return new Value(info.name(), info.elemType(), Arrays.stream(info.dims()).boxed().toList());
        }
    }

    record ModelInfo(String file, long sizeBytes, String sha256, List<Value> inputs, List<Value> outputs,
                     ModelStatistics statistics, ModelMetadata metadata) {}

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Inputs and outputs, parameters, non-zeros, per-layer sparsity, FLOPs (MACs) and metadata.")
    static final class Info implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "M.onnx", description = "The model file.")
        Path file;

        @Option(names = "--input-shape", split = ",", paramLabel = "DIM",
                description = "Sample shape after the batch dim for counting FLOPs, e.g. 1,28,28 (default: the model's own, if fixed).")
        long[] inputShape;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            OnnxModel model = EvalCommand.load(file);
            long[] sample = inputShape != null ? inputShape : model.graph().fixedSampleShape();
            ModelInfo info = new ModelInfo(file.toString(), model.sizeBytes(), model.sha256(),
                    model.graph().inputs().stream().map(Value::of).toList(),
                    model.graph().outputs().stream().map(Value::of).toList(),
                    ModelStatistics.of(model, sample), model.metadata());
            Output.print(spec, json, info, Info::render);
        }

        private static String render(ModelInfo info) {
            StringBuilder text = new StringBuilder();
            text.append(String.format("%s: %,d bytes, sha256 %s%n", info.file(), info.sizeBytes(), info.sha256()));
            info.inputs().forEach(v -> text.append(String.format("  input  %s %s%n", v.name(), v.dims())));
            info.outputs().forEach(v -> text.append(String.format("  output %s %s%n", v.name(), v.dims())));
            ModelStatistics stats = info.statistics();
            text.append(String.format("parameters %,d, non-zero %,d (sparsity %.2f%%), %,d MACs per sample of %s%n",
                    stats.parameters(), stats.nonZeroParameters(), 100 * stats.sparsity(), stats.macs(), stats.sampleShape()));
            text.append(String.format("%-24s %-8s %12s %12s %9s %14s%n", "layer", "op", "parameters", "non-zero", "sparsity", "MACs"));
            for (LayerStatistics layer : stats.layers()) {
                text.append(String.format("%-24s %-8s %,12d %,12d %8.2f%% %,14d%n", layer.node(), layer.op(),
                        layer.parameters(), layer.nonZeros(), 100 * layer.sparsity(), layer.macs()));
            }
            ModelMetadata metadata = info.metadata();
            if (metadata.dataset() != null) {
                text.append("dataset: ").append(metadata.dataset()).append('\n');
            }
            if (!metadata.labels().isEmpty()) {
                text.append("labels: ").append(String.join(", ", metadata.labels())).append('\n');
            }
            if (metadata.lineage() != null) {
                text.append("lineage: ").append(metadata.lineage()).append('\n');
            }
            metadata.properties().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
            return text.toString();
        }
    }
}
