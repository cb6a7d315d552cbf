package io.cardeck.cli;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetDescription;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Datasets and corruption suites.",
        subcommands = DatasetsCommand.Info.class)
final class DatasetsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Splits, counts, image shape and classes of a dataset, or what a corruption suite holds.")
    static final class Info implements Runnable {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME-OR-DIR",
                description = "fashion-mnist, mnist, cifar10, or a directory of IDX files, CIFAR-10 batches or a suite in the CIFAR-10-C layout.")
        String dataset;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            DatasetDescription description = DatasetCatalog.open(dataset).describe();
            Output.print(spec, json, description, Info::render);
        }

        private static String render(DatasetDescription d) {
            StringBuilder text = new StringBuilder();
            text.append(String.format("%s (%s) in %s%n", d.name(), d.kind(), d.directory()));
            for (DatasetDescription.Split split : d.splits()) {
                text.append(String.format("  %-6s %7d images of %s, %d classes%n", split.name(), split.count(),
                        shape(split.shape()), split.classes().size()));
            }
            List<String> classes = d.suite() != null ? d.suite().classes() : d.splits().isEmpty() ? List.of() : d.splits().get(0).classes();
            if (d.suite() != null) {
                DatasetDescription.Suite suite = d.suite();
                text.append(String.format("  %d corruptions x 5 severities x %d images of %s%n", suite.corruptions().size(),
                        suite.imagesPerSeverity(), shape(suite.shape())));
                text.append("  corruptions: ").append(String.join(", ", suite.corruptions())).append('\n');
                if (suite.manifest() != null) {
                    text.append(String.format("  generated from %s/%s, seed %d, %s%n", suite.manifest().dataset(),
                            suite.manifest().split(), suite.manifest().seed(), suite.manifest().generator()));
                }
            }
            text.append("  classes: ").append(String.join(", ", classes)).append('\n');
            return text.toString();
        }

        private static String shape(List<Integer> chw) {
            return chw.get(0) + "x" + chw.get(1) + "x" + chw.get(2) + " (CxHxW)";
        }
    }
}
