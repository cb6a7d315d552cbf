package io.cardeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.access.ApiKey;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.devstack.LocalPlatform;
import io.cardeck.zoo.CardEntry;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole platform in one scenario, on real Fashion-MNIST: starts the platform with embedded "
                + "defaults unless one is running (as ./cardeck up does), registers the zoo, prunes the deck's models at two "
                + "sparsities and follows their evaluations live, builds a deck of the standard, gauss and augmix models in "
                + "each mode (gated, average, single), sends clean and corrupted test images to every model and deck through "
                + "the gateway's inference API, and prints one table: clean and robust accuracy, accuracy on noise, fog and "
                + "contrast, and which domains the gate chose.",
                "Against a running platform (./cardeck up, Docker Compose, Kubernetes) it needs only the gateway: --gateway"
                        + " URL and an admin key (--api-key or $CARDECK_API_KEY); the zoo is registered through the gateway too.",
                "Work files go to $CARDECK_HOME (default: work/ in the repository); the platform it starts (on the database"
                        + " $CARDECK_DATABASE, default cardeck, of the PostgreSQL that $CARDECK_DB_HOST, $CARDECK_DB_PORT,"
                        + " $CARDECK_DB_USER and $CARDECK_DB_PASSWORD name, as ./cardeck up, and free ports where the"
                        + " defaults are taken) is stopped at the end."})
final class DemoCommand implements Runnable {

    static final String DATASET = DatasetCatalog.FASHION_MNIST;
    /** Corruptions of different frequency character: high (noise), low (fog), global (contrast). */
    static final List<String> SENT = List.of("gaussian_noise", "fog", "contrast");
    static final int SENT_SEVERITY = 3;
    static final List<String> DOMAINS = List.of("standard", "gauss", "augmix");

    @Spec
    CommandSpec spec;

    @Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080",
            description = "The platform's gateway, the only part of a running platform the demo calls (with an admin key:"
                    + " --api-key or $" + GatewayKeyOption.ENVIRONMENT + "); the demo starts a platform on this machine"
                    + " when none answers there (default: ${DEFAULT-VALUE}).")
    String gatewayUrl;

    @Mixin
    GatewayKeyOption gatewayKey;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
    Path models = ZooCommand.DEFAULT_MODELS;

    @Option(names = "--sparsities", split = ",", defaultValue = "0.5,0.8", paramLabel = "S",
            description = "Magnitude-pruning sparsities of each deck model (default: ${DEFAULT-VALUE}).")
    List<Double> sparsities;

    @Option(names = "--images", defaultValue = "100", paramLabel = "N",
            description = "Test images per corruption x severity cell sent to each model and deck (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--samples-per-cell", defaultValue = "100", paramLabel = "N",
            description = "Images per cell of the evaluator-service, for a platform the demo starts (default: ${DEFAULT-VALUE}).")
    int samplesPerCell;

    @Option(names = "--json", description = "Machine-readable output (the table's rows).")
    boolean json;

    @Override
    public void run() {
        CliArguments.requirePositive("--images", images);
        CliArguments.requirePositive("--samples-per-cell", samplesPerCell);
        for (double sparsity : sparsities) {
            if (!(sparsity > 0 && sparsity < 1)) {
                throw new IllegalArgumentException("--sparsities must be fractions between 0 and 1 (exclusive), got " + sparsity);
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        ZooManifest manifest = ZooManifest.read(models);
        DeckModels deckModels = DeckModels.choose(manifest, models);
        GatewayClient gateway = new GatewayClient(gatewayUrl, gatewayKey.key());
        LocalPlatform started = null;
        try {
            if (gateway.ready()) {
                if (gatewayKey.key().isEmpty()) {
                    throw new IllegalArgumentException("a platform answers at " + gatewayUrl + "; the demo registers the zoo"
                            + " and creates decks through its gateway, which needs an admin key: give --api-key KEY or set $"
                            + GatewayKeyOption.ENVIRONMENT);
                }
                say(err, "1/6 platform: using the one running at " + gatewayUrl);
            } else {
                say(err, "1/6 platform: none at " + gatewayUrl + "; starting one with embedded defaults (as ./cardeck up)");
                Consumer<String> progress = line -> say(err, "    " + line);
                started = UpCommand.startPlatform(UpCommand.withAdminKey(
                        UpCommand.localSettings(progress).withEnvironment(Map.of("CARDECK_EVALUATOR_SAMPLES_PER_CELL",
                                String.valueOf(samplesPerCell))), gatewayKey.key()), progress);
                gateway = new GatewayClient(started.service("gateway").url(), Optional.of(ApiKey.parse(started.adminKey())));
            }
            ZooRegistration.Result registered = new ZooRegistration(gateway).register(models);
            say(err, "2/6 zoo: " + registered.registered().size() + " model(s) registered now, " + registered.present().size()
                    + " already there; the deck is made of " + deckModels.describe());
            run(err, gateway, manifest, deckModels);
        } finally {
            if (started != null) {
                say(err, "stopping the platform the demo started (./cardeck up keeps one running)");
                started.close();
            }
        }
    }

    private void run(PrintWriter err, GatewayClient gateway, ZooManifest manifest, DeckModels deckModels) {
        Map<String, String> zooIds = zooIds(gateway, manifest);
        List<DemoModel> rows = new ArrayList<>();
        for (Map.Entry<String, ZooEntry> member : deckModels.byDomain().entrySet()) {
            String id = zooIds.get(member.getValue().name());
            rows.add(new DemoModel(member.getValue().name(), id, member.getKey(), "zoo, " + member.getKey()));
        }
        List<DemoModel> cards = new ArrayList<>();
        for (Map.Entry<String, CardEntry> card : deckModels.cards().entrySet()) {
            cards.add(new DemoModel(card.getValue().name(), zooIds.get(card.getValue().name()), card.getKey(),
                    String.format(Locale.ROOT, "CARD, lrr %.0f%%", 100 * card.getValue().weightSparsity())));
        }
        say(err, "3/6 pruning " + rows.size() + " model(s) at " + sparsities + " (magnitude, global, BatchNorm recalibrated)"
                + " and following the evaluations live");
        List<DemoModel> pruned = new EvaluationFollower(gateway).pruneAndFollow(rows, sparsities);

        say(err, "4/6 decks of " + deckModels.describe() + " in each mode; the deck of CARDs: " + deckModels.describeCards());
        List<DemoDeck> decks = new ArrayList<>();
        for (String mode : List.of("gated", "average", "single")) {
            decks.add(deck(gateway, "demo-" + deckModels.architecture() + "-" + mode, "deck " + mode, mode, rows));
        }
        if (!cards.isEmpty()) {
            decks.add(deck(gateway, "demo-" + deckModels.architecture() + "-cards-gated", "deck of CARDs gated", "gated", cards));
        }

        ImageDataset test = DatasetCatalog.open(DATASET).split("test").firstImages(images);
        say(err, "5/6 corruption suite of the first " + test.size() + " test images for the requests");
        CorruptionSuite suite = suite(test);

        List<DemoModel> modelRows = new ArrayList<>(rows);
        modelRows.addAll(pruned);
        modelRows.addAll(cards);
        say(err, "6/6 sending clean and corrupted images to " + modelRows.size() + " models and " + decks.size() + " decks");
        DemoScores scores = new DemoScores(gateway, test, suite);
        Map<String, DemoScores.Size> sizes = new LinkedHashMap<>();
        for (DemoModel model : modelRows) {
            sizes.put(model.id(), DemoScores.Size.of(gateway.onnx(model.id())));
        }
        List<DemoScores.DemoRow> table = new ArrayList<>();
        for (DemoModel model : modelRows) {
            String deck = "demo-model-" + model.id().substring(0, 8);
            gateway.replaceDeck(deck, List.of(Map.of("modelId", model.id(), "domain", model.domain())), "average", 1);
            table.add(scores.row(model.name(), model.kind(), sizes.get(model.id()), deck));
        }
        for (DemoDeck deck : decks) {
            DemoScores.Size size = deck.members().stream().map(m -> sizes.get(m.id())).reduce(DemoScores.Size::plus).orElseThrow();
            table.add(scores.row(deck.label(), deck.members().size() + " members, " + deck.mode(), size, deck.name()));
        }
        Output.print(spec, json, table, t -> DemoTable.render(t, images));
    }

    private static DemoDeck deck(GatewayClient gateway, String name, String label, String mode, List<DemoModel> members) {
        gateway.replaceDeck(name, members.stream().map(m -> Map.of("modelId", m.id(), "domain", m.domain())).toList(), mode, 1);
        return new DemoDeck(name, label, mode, members);
    }

    /** Platform ids of the zoo's models and CARDs, by name (a registered model counts when its SHA-256 matches). */
    private Map<String, String> zooIds(GatewayClient gateway, ZooManifest manifest) {
        Map<String, String> digests = new LinkedHashMap<>();
        manifest.models().forEach(entry -> digests.put(entry.name(), entry.sha256()));
        manifest.cards().forEach(card -> digests.put(card.name(), card.sha256()));
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode model : gateway.models()) {
            String name = model.get("name").asText();
            if (model.get("sha256").asText().equals(digests.get(name))) {
                ids.put(name, model.get("id").asText());
            }
        }
        return ids;
    }

    private CorruptionSuite suite(ImageDataset test) {
        return GeneratedSuites.ofTestImages(DATASET, test, 0);
    }

    private static void say(PrintWriter err, String line) {
        err.println(line);
        err.flush();
    }

    /** Where the demo, the zoo and other commands keep the generated suite of a dataset's test split. */
    static Path suiteDirectory(String dataset, int images, long seed) {
        return home().resolve("suites").resolve(dataset + "-test-" + images + "-seed" + seed);
    }

    static Path home() {
        String configured = System.getenv("CARDECK_HOME");
        return Path.of(configured == null || configured.isBlank() ? "work" : configured);
    }

    /** A model the demo scores: a deck member or one of its pruned versions. */
    record DemoModel(String name, String id, String domain, String kind) {
    }

    record DemoDeck(String name, String label, String mode, List<DemoModel> members) {
    }
}
