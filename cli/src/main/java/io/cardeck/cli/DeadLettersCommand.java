package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Messages the platform's consumers could not process (admin key): list them, replay one.",
        subcommands = {DeadLettersCommand.List.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand implements Runnable {

    private static final int MAX_LIMIT = 1000;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"The newest dead letters of every dead-letter topic, newest first: id, original topic, key,"
                    + " when, whether replayed, and the consumer's reason (--json adds the original payload).",
                    "Example: cardeck dead-letters list --limit 20"})
    static final class List implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
                description = "At most N dead letters, 1 to " + MAX_LIMIT + " (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public void run() {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ParameterException(spec.commandLine(), "--limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
            }
            JsonNode letters = platform.gateway().deadLetters(limit);
            Output.print(spec, platform.json, letters, DeadLettersCommand::render);
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Publishes a dead letter again to the topic it was consumed from, once: replaying it again"
                    + " publishes nothing and says when it was replayed. Consumers apply an event once in any case.",
                    "Example: cardeck dead-letters replay cardeck.prune.requests.dlq:0:17"})
    static final class Replay implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "ID", description = "The dead letter's id as the list shows it: <dead-letter topic>:<partition>:<offset>.")
        String id;

        @Override
        public void run() {
            JsonNode replay = platform.gateway().replayDeadLetter(id);
            Output.print(spec, platform.json, replay, r -> r.path("republished").asBoolean()
                    ? String.format("dead letter %s replayed to %s (event %s)%n", r.path("id").asText(),
                            r.path("topic").asText(), r.path("eventId").asText())
                    : String.format("dead letter %s was replayed to %s at %s by %s already; nothing published%n",
                            r.path("id").asText(), r.path("topic").asText(), r.path("replayedAt").asText(),
                            r.path("replayedBy").asText()));
        }
    }

    static String render(JsonNode letters) {
        if (letters.isEmpty()) {
            return "no dead letters\n";
        }
        StringBuilder text = new StringBuilder(String.format("%-36s  %-26s  %-36s  %-24s  %-8s  %s%n",
                "id", "topic", "key", "dead-lettered at", "replayed", "reason"));
        for (JsonNode letter : letters) {
            text.append(String.format("%-36s  %-26s  %-36s  %-24s  %-8s  %s%n", letter.path("id").asText(),
                    letter.path("topic").asText(), letter.path("key").asText(""), letter.path("deadLetteredAt").asText(),
                    letter.path("replayedAt").isNull() ? "no" : "yes", letter.path("reason").asText()));
        }
        return text.toString();
    }
}
