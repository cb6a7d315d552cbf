package io.cardeck.cli;

import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.Corruptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "corruptions", mixinStandardHelpOptions = true,
        description = "The common corruptions (CIFAR-10-C definitions).",
        subcommands = CorruptionsCommand.ListCorruptions.class)
final class CorruptionsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    record CorruptionRow(String name, boolean standard, boolean definedForGray, List<String> severities) {}

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Names, which are the 15 standard ones (their mean is the robust accuracy), and parameters per severity.")
    static final class ListCorruptions implements Runnable {

        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Machine-readable output.")
        boolean json;

        @Override
        public void run() {
            List<CorruptionRow> rows = Corruptions.all().stream()
                    .map(c -> new CorruptionRow(c.name(), c.standard(), c.definedFor(1), c.severityParameters()))
                    .toList();
            Output.print(spec, json, rows, ListCorruptions::render);
        }

        private static String render(List<CorruptionRow> rows) {
            StringBuilder text = new StringBuilder(String.format("%-18s %-9s %s%n", "corruption", "kind", "severity 1 .. 5"));
            for (CorruptionRow row : rows) {
                text.append(String.format("%-18s %-9s %s%n", row.name(), row.standard() ? "standard" : "extra",
                        String.join(" | ", row.severities())));
            }
            text.append("Robust accuracy = mean accuracy over the 15 standard corruptions x 5 severities.\n");
            return text.toString();
        }
    }
}
