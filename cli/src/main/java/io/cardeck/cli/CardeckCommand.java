package io.cardeck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cardeck} command line: the libraries usable without any service running, and the platform over its gateway. */
@Command(
        name = "cardeck",
        mixinStandardHelpOptions = true,
        version = "cardeck 0.1.0",
        description = {"Compact, Accurate, Robust classifiers: datasets, corruptions, evaluation and models here, and the"
                + " platform's models, jobs, evaluations, decks and inference through its gateway.",
                "Exit status: 0 success, 1 a failure (the platform refused or could not be reached: one line on stderr"
                        + " with its reason), 2 a usage error."},
        subcommands = {
            DatasetsCommand.class,
            CorruptionsCommand.class,
            CorruptCommand.class,
            EvalCommand.class,
            ModelCommand.class,
            MethodsCommand.class,
            PruneCommand.class,
            ReportCommand.class,
            GateStudyCommand.class,
            PruningStudyCommand.class,
            ZooCommand.class,
            DemoCommand.class,
            UpCommand.class,
            ModelsCommand.class,
            JobsCommand.class,
            DeadLettersCommand.class,
            EvaluationsCommand.class,
            DeckCommand.class,
            InferCommand.class,
            CompletionCommand.class,
            KeysCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CardeckCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CardeckCommand());
        commandLine.setExecutionExceptionHandler(new CommandErrors());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }
}
