package io.cardeck.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmark harnesses and the tools the benchmarks need, run by {@code bench/run}. Figures go to
 * stdout as Markdown tables (what docs/benchmarks.md quotes), progress to stderr.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "cardeck benchmarks (see docs/benchmarks.md).",
        subcommands = {
            CorruptionSpeed.class,
            EvaluationOverhead.class,
            FashionCifar10.class,
            CentroidFit.class,
            GcLogPeak.class,
            PipelineLatency.class,
            TrainingThroughput.class,
            DeckInference.class,
            StructuredSpeedup.class,
            MaskedTraining.class,
            ScaleOut.class,
            CommandLine.HelpCommand.class
        })
public final class Bench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: a failure prints its message (no stack trace) and exits with 1. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Bench());
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            String message = exception.getMessage() == null ? exception.toString() : exception.getMessage();
            line.getErr().println("bench " + line.getCommandName() + ": " + message);
            return 1;
        });
        return commandLine;
    }
}
