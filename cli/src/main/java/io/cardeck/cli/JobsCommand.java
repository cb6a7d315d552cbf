package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Prune jobs on the platform: follow one until it ends, or cancel it.",
        subcommands = {JobsCommand.Watch.class, JobsCommand.Cancel.class})
final class JobsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Follows a prune job on the platform's event stream with a progress bar on stderr until it ends;"
                    + " exit 0 when it SUCCEEDED, 1 when it FAILED or was CANCELLED.",
                    "Example: cardeck jobs watch <job id>"})
    static final class Watch implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "ID", description = "The prune job's id.")
        String jobId;

        @Option(names = "--timeout-minutes", defaultValue = "2880", paramLabel = "M",
                description = "Give up following after M minutes; the job goes on (default: ${DEFAULT-VALUE}).")
        long timeoutMinutes;

        @Override
        public void run() {
            if (timeoutMinutes < 1) {
                throw new ParameterException(spec.commandLine(), "--timeout-minutes must be at least 1, got " + timeoutMinutes);
            }
            GatewayClient gateway = platform.gateway();
            // Looked up first: an unknown or malformed id is the gateway's 404 or 400 before any stream is opened.
            JsonNode job = gateway.pruneJob(jobId);
            if (!PruneJobFollower.FINAL.contains(job.path("status").asText())) {
                job = new PruneJobFollower(gateway).follow(jobId, job.path("method").asText("job"),
                        Duration.ofMinutes(timeoutMinutes));
            }
            PruneCommand.PlatformReport report = PruneCommand.PlatformReport.of(job, null);
            Output.print(spec, platform.json, job, shown -> PruneCommand.render(report));
            report.requireSuccess();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancels a prune job: a PENDING one never starts, a RUNNING one stops at its next check and stores"
                    + " nothing. A job that has ended cannot be cancelled (exit 1, the gateway's 409).",
                    "Example: cardeck jobs cancel <job id>"})
    static final class Cancel implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "ID", description = "The prune job's id.")
        String jobId;

        @Override
        public void run() {
            JsonNode job = platform.gateway().cancelPruneJob(jobId);
            Output.print(spec, platform.json, job, j -> String.format("prune job %s: %s%n", j.path("id").asText(),
                    j.path("status").asText()));
        }
    }
}
