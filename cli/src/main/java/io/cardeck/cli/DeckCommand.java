package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.deck.GatingRequest;
import java.util.ArrayList;
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

@Command(name = "deck", mixinStandardHelpOptions = true,
        description = "Decks of CARDs on the platform: create, show and delete them.",
        subcommands = {DeckCommand.Create.class, DeckCommand.Show.class, DeckCommand.Delete.class})
final class DeckCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a deck of registered models, each with the domain it was trained for; the gate routes each"
                    + " request to the members whose domain is spectrally closest.",
                    "Example: cardeck deck create my-deck --member <model id>=standard --member <model id>=gauss"
                            + " --gating mode=gated --gating k=1"})
    static final class Create implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "NAME", description = "The deck's name (lower-case letters, digits, '-').")
        String name;

        @Option(names = "--member", required = true, paramLabel = "MODEL_ID=DOMAIN",
                description = "A member: a registered model's id and its training domain (standard, gauss, augmix, ...); repeatable.")
        List<String> members;

        @Option(names = "--gating", paramLabel = "KEY=VALUE",
                description = "A gate setting, repeatable; the gateway's defaults for the others. Keys: mode (gated, average,"
                        + " single), k, granularity (sample, batch), distance, feature, bands, weighting, temperature.")
        List<String> gating = List.of();

        @Override
        public void run() {
            Map<String, Object> deck = new LinkedHashMap<>();
            deck.put("name", name);
            deck.put("members", members(spec, members));
            deck.put("gating", settings(spec, gating));
            JsonNode created = platform.gateway().createDeck(deck);
            Output.print(spec, platform.json, created, DeckCommand::render);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"A deck: gate settings, domains and each member's clean and robust accuracy.",
                    "Example: cardeck deck show my-deck"})
    static final class Show implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "NAME", description = "The deck's name.")
        String name;

        @Override
        public void run() {
            Output.print(spec, platform.json, platform.gateway().deck(name), DeckCommand::render);
        }
    }

    /** What a delete did. */
    record Deleted(String deck, boolean deleted) {
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes a deck (its member models stay registered).", "Example: cardeck deck delete my-deck"})
    static final class Delete implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        PlatformOptions platform;

        @Parameters(paramLabel = "NAME", description = "The deck's name.")
        String name;

        @Override
        public void run() {
            platform.gateway().deleteDeck(name);
            Output.print(spec, platform.json, new Deleted(name, true), d -> "deleted deck " + d.deck() + System.lineSeparator());
        }
    }

    /** {@code MODEL_ID=DOMAIN} pairs as the gateway's member objects. */
    static List<Map<String, String>> members(CommandSpec spec, List<String> pairs) {
        List<Map<String, String>> members = new ArrayList<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new ParameterException(spec.commandLine(), "--member '" + pair + "' is not MODEL_ID=DOMAIN"
                        + " (e.g. 0b6f...-...=gauss: a registered model's id, then its training domain)");
            }
            members.add(Map.of("modelId", pair.substring(0, equals).strip(), "domain", pair.substring(equals + 1).strip()));
        }
        return members;
    }

    /** {@code KEY=VALUE} gate settings; the gateway judges them and says what it accepts. */
    private static Map<String, Object> settings(CommandSpec spec, List<String> pairs) {
        for (String pair : pairs) {
            if (pair.indexOf('=') <= 0) {
                throw new ParameterException(spec.commandLine(), "--gating '" + pair + "' is not KEY=VALUE (e.g. mode=gated);"
                        + " accepted: " + GatingRequest.ACCEPTED);
            }
        }
        return PruneCommand.parameters(pairs);
    }

    static String render(JsonNode deck) {
        StringBuilder text = new StringBuilder(String.format("deck %s: %s, %s, domains %s, input %s%n",
                deck.path("name").asText(), deck.path("dataset").asText(), deck.path("gating"), deck.path("domains"),
                deck.path("inputShape")));
        text.append(String.format("%-36s  %-28s %-10s %8s %8s%n", "member", "model", "domain", "clean", "robust"));
        for (JsonNode member : deck.path("members")) {
            text.append(String.format("%-36s  %-28s %-10s %8s %8s%n", member.path("modelId").asText(),
                    member.path("modelName").asText(), member.path("domain").asText(),
                    percent(member.path("cleanAccuracy")), percent(member.path("robustAccuracy"))));
        }
        return text.toString();
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format("%.2f%%", 100 * value.asDouble()) : "-";
    }
}
