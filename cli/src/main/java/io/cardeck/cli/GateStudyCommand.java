package io.cardeck.cli;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.DatasetSource;
import io.cardeck.data.ImageDataset;
import io.cardeck.data.suite.CorruptionSuite;
import io.cardeck.deck.Card;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Gating;
import io.cardeck.deck.Granularity;
import io.cardeck.deck.Weighting;
import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.ReferenceSpectra;
import io.cardeck.deck.gate.SpectralDistance;
import io.cardeck.deck.study.GateStudy;
import io.cardeck.deck.study.GateStudy.ImageSet;
import io.cardeck.deck.study.GateStudy.SetScore;
import io.cardeck.deck.study.GateStudy.Variant;
import io.cardeck.deck.study.GateStudy.VariantResult;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.metrics.CorruptionCell;
import io.cardeck.metrics.CorruptionGrid;
import io.cardeck.metrics.RobustnessResult;
import io.cardeck.metrics.Softmax;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.robustness.corruption.Corruption;
import io.cardeck.robustness.corruption.CorruptionFamily;
import io.cardeck.robustness.corruption.Corruptions;
import io.cardeck.robustness.suite.SuiteGenerator;
import io.cardeck.robustness.suite.SuiteGenerator.SuiteRequest;
import io.cardeck.zoo.CardEntry;
import io.cardeck.zoo.ZooEntry;
import io.cardeck.zoo.ZooManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gate-study", mixinStandardHelpOptions = true,
        description = {"Studies the CARD-Deck gate of a deck of the zoo's standard, gauss and augmix models: every gate"
                + " variant (k; equal or soft weighting with a temperature; sample or batch granularity; the whole log"
                + " spectrum or its radial bands; l1, l2 or cosine distance) is scored on a validation suite generated from"
                + " held-out training images (its own seed), the best by validation robust accuracy is chosen, and only then"
                + " is every variant scored once on the test suite.",
                "Prints, per deck: every variant with its validation and test figures and its members run per image, the"
                + " routing per corruption of the chosen and the default gate, and which images each sends where and what"
                + " each member gets right on them. docs/gate.md holds a run."})
final class GateStudyCommand implements Runnable {

    static final String DATASET = DatasetCatalog.FASHION_MNIST;
    static final List<String> DOMAINS = List.of(TrainingDomains.STANDARD, TrainingDomains.GAUSS, TrainingDomains.AUGMIX);
    static final List<Double> TEMPERATURES = List.of(0.03, 0.1, 0.3, 1.0);
    static final List<Integer> BANDS = List.of(3, 6);

    @Spec
    CommandSpec spec;

    @Option(names = "--architectures", split = ",", defaultValue = "resnet20,lenet5",
            description = "Zoo architectures whose <architecture>-standard|gauss|augmix models make a deck (default: ${DEFAULT-VALUE}).")
    List<String> architectures;

    @Option(names = "--cards", description = "Study the deck of each architecture's LRR CARDs (per domain, the CARD at the highest"
            + " target sparsity that every domain has, as the demo's deck of CARDs) instead of its dense models.")
    boolean cards;

    @Option(names = "--images", defaultValue = "500", paramLabel = "N",
            description = "Images per corruption x severity cell of each suite; the clean figures use the same N images (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--validation-seed", defaultValue = "1", paramLabel = "S",
            description = "Seeds which training images are held out and the corruptions of the validation suite (default: ${DEFAULT-VALUE}).")
    long validationSeed;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "B",
            description = "Images of one request for batch granularity: B consecutive images of one cell (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--calibration-images", defaultValue = "1000", paramLabel = "N",
            description = "The first N training images give the domains' reference spectra, as the ensemble-service's default (default: ${DEFAULT-VALUE}).")
    int calibrationImages;

    @Option(names = "--models", paramLabel = "DIR", description = "Folder of the zoo manifest (default: models).")
    Path models = Path.of("models");

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    /** A deck member: a zoo model or a CARD, by its manifest name and file. */
    private record Member(String name, String file) {
    }

    /** Accuracies of one variant on one split: clean, robust (15 standard corruptions x 5 severities), per family. */
    record Scores(double clean, double robust, Map<String, Double> families) {
    }

    record Row(String variant, double membersPerImage, Scores validation, Scores test) {
    }

    /**
     * How a variant routed one corruption's images (all severities) on the test suite.
     *
     * @param share          each domain's mean weight in the answers (for a hard gate, the share of images sent there)
     * @param accuracy       the variant's accuracy on the corruption
     * @param sentTo         per domain: the share of images whose heaviest domain it is, and each member's accuracy on them
     */
    record CorruptionRouting(String corruption, Map<String, Double> share, double accuracy, Map<String, Sent> sentTo) {
    }

    /** Images a gate sent to one domain: their share, and what each member gets right on them. */
    record Sent(double share, Map<String, Double> memberAccuracy) {
    }

    record DeckStudy(String architecture, List<String> members, String chosen, String chosenMember, String defaultGate,
                     List<Row> variants, Map<String, List<CorruptionRouting>> testRouting) {
    }

    record Report(String dataset, int imagesPerCell, long validationSeed, int validationHeldOutFrom, int batch,
                  int calibrationImages, List<DeckStudy> decks) {
    }

    @Override
    public void run() {
        CliArguments.requirePositive("--images", images);
        CliArguments.requirePositive("--batch", batch);
        CliArguments.requirePositive("--calibration-images", calibrationImages);
        DatasetSource source = DatasetCatalog.open(DATASET);
        ImageDataset train = source.split("train");
        ImageDataset test = source.split("test");
        // Held out of the training split after the reference spectra's calibration images, so that no
        // validation image shaped a reference.
        ImageDataset pool = train.select(IntStream.range(calibrationImages, train.size()).toArray(),
                train.name() + "[after the " + calibrationImages + " calibration images]");
        ImageDataset validation = CalibrationData.of(source.name(), pool, validationSeed, images).validation();
        CorruptionSuite validationSuite = validationSuite(source.name(), validation);
        ImageDataset testImages = test.firstImages(images);
        CorruptionSuite testSuite = GeneratedSuites.ofTestImages(source.name(), testImages, 0);
        ZooManifest manifest = ZooManifest.read(models);
        List<DeckStudy> decks = new ArrayList<>();
        for (String architecture : architectures) {
            decks.add(study(architecture, manifest, train, validation, validationSuite, testImages, testSuite));
        }
        Output.print(spec, json, new Report(source.name(), images, validationSeed, calibrationImages, batch,
                calibrationImages, decks), GateStudyReport::markdown);
    }

    private CorruptionSuite validationSuite(String dataset, ImageDataset validation) {
        Path directory = DemoCommand.home().resolve("suites")
                .resolve(dataset + "-train-heldout-" + images + "-seed" + validationSeed);
        ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
        try {
            CorruptCommand.generate(new SuiteGenerator(pool), new SuiteRequest(validation, dataset, "train",
                    Corruptions.standard(), validationSeed), directory);
        } finally {
            pool.shutdown();
        }
        return CorruptionSuite.open(directory);
    }

    private DeckStudy study(String architecture, ZooManifest manifest, ImageDataset train, ImageDataset validation,
                            CorruptionSuite validationSuite, ImageDataset testImages, CorruptionSuite testSuite) {
        Map<String, ZooEntry> dense = new LinkedHashMap<>();
        for (String domain : DOMAINS) {
            dense.put(domain, manifest.entry(architecture + "-" + domain).orElseThrow(() -> new IllegalArgumentException(
                    "the zoo manifest in " + models + " has no model " + architecture + "-" + domain)));
        }
        List<Member> entries = new ArrayList<>();
        if (cards) {
            Map<String, CardEntry> lrr = DeckModels.cards(manifest, dense);
            if (lrr.isEmpty()) {
                throw new IllegalArgumentException("the zoo manifest in " + models + " has no LRR CARD of " + architecture
                        + " at one target sparsity for every domain " + DOMAINS);
            }
            lrr.values().forEach(card -> entries.add(new Member(card.name(), card.file())));
        } else {
            dense.values().forEach(entry -> entries.add(new Member(entry.name(), entry.file())));
        }
        Map<String, Spectrum> references = new LinkedHashMap<>();
        List<Card> cards = new ArrayList<>();
        for (int i = 0; i < DOMAINS.size(); i++) {
            references.put(DOMAINS.get(i), ReferenceSpectra.of(train, calibrationImages, TrainingDomains.byName(DOMAINS.get(i)),
                    0));
            cards.add(new Card(entries.get(i).name(), DOMAINS.get(i)));
        }
        GateStudy study = new GateStudy(architecture, train.shape(), train.classNames().size(), cards, references, batch);
        List<Variant> variants = variants();
        List<VariantResult> validationResults;
        List<VariantResult> testResults;
        List<ModelSession> sessions = new ArrayList<>();
        try {
            for (Member entry : entries) {
                sessions.add(InferenceSessions.open(EvalCommand.load(models.resolve(entry.file())), SessionOptionsSpec.cpu()));
            }
            // One split in memory at a time: the validation is scored and the choice made before the test images are read.
            List<ImageSet> validationSets = imageSets(architecture + " validation", validation, validationSuite, sessions);
            validationResults = scoreAll(study, validationSets, variants);
            validationSets = null;
            List<ImageSet> testSets = imageSets(architecture + " test", testImages, testSuite, sessions);
            testResults = scoreAll(study, testSets, variants);
        } finally {
            sessions.forEach(ModelSession::close);
        }
        List<Row> rows = new ArrayList<>();
        for (int v = 0; v < validationResults.size(); v++) {
            rows.add(new Row(validationResults.get(v).variant().name(), validationResults.get(v).cardsPerImage(),
                    scores(validationResults.get(v)), scores(testResults.get(v))));
        }
        String chosen = best(rows, row -> isGate(row.variant()));
        String chosenMember = best(rows, row -> DOMAINS.contains(row.variant()));
        String defaultGate = name(Gating.defaults());
        rows.sort(Comparator.comparingDouble((Row row) -> -row.validation().robust()).thenComparingDouble(Row::membersPerImage));
        Map<String, List<CorruptionRouting>> routing = new LinkedHashMap<>();
        for (String variant : List.of(chosen, defaultGate)) {
            VariantResult result = testResults.stream().filter(r -> r.variant().name().equals(variant)).findFirst().orElseThrow();
            routing.put(variant, routing(result, study.domains()));
        }
        return new DeckStudy(architecture, entries.stream().map(Member::name).toList(), chosen, chosenMember, defaultGate,
                rows, routing);
    }

    /** The row of best validation robust accuracy among those {@code eligible}; fewer members per image breaks a tie. */
    private static String best(List<Row> rows, java.util.function.Predicate<Row> eligible) {
        return rows.stream().filter(eligible)
                .max(Comparator.comparingDouble((Row row) -> row.validation().robust())
                        .thenComparingDouble(row -> -row.membersPerImage()))
                .orElseThrow().variant();
    }

    private static boolean isGate(String variant) {
        return variant.startsWith("gated");
    }

    private static List<VariantResult> scoreAll(GateStudy study, List<ImageSet> sets, List<Variant> variants) {
        List<VariantResult> results = new ArrayList<>(study.members(sets));
        results.addAll(study.score(sets, variants));
        return results;
    }

    /** Every gate variant of the study, and the average of every member. */
    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        variants.add(variant(new Gating(DeckMode.AVERAGE, 1, Granularity.SAMPLE, SpectralDistance.L1)));
        List<Gating> features = new ArrayList<>();
        for (Granularity granularity : Granularity.values()) {
            for (SpectralDistance distance : SpectralDistance.values()) {
                Gating whole = new Gating(DeckMode.GATED, 1, granularity, distance);
                features.add(whole);
                BANDS.forEach(bands -> features.add(whole.withFeature(GateFeature.BANDS, bands)));
            }
        }
        for (Gating feature : features) {
            variants.add(variant(feature));
            variants.add(variant(withK(feature, 2)));
            for (double temperature : TEMPERATURES) {
                variants.add(variant(withK(feature, 2).withWeighting(Weighting.SOFT, temperature)));
                variants.add(variant(withK(feature, 3).withWeighting(Weighting.SOFT, temperature)));
            }
        }
        return variants;
    }

    private static Gating withK(Gating gating, int k) {
        return new Gating(gating.mode(), k, gating.granularity(), gating.distance(), gating.feature(), gating.bands(),
                gating.weighting(), gating.temperature());
    }

    private static Variant variant(Gating gating) {
        return new Variant(name(gating), gating);
    }

    /** E.g. {@code gated k=2 soft T=0.1, sample, l1, spectrum}. */
    static String name(Gating gating) {
        if (gating.mode() != DeckMode.GATED) {
            return gating.mode().wireName();
        }
        return "gated k=" + gating.k() + " " + (gating.weighting() == Weighting.SOFT ? "soft T=" + gating.temperature() : "equal")
                + ", " + gating.granularity().wireName() + ", " + gating.distance().wireName() + ", "
                + (gating.feature() == GateFeature.BANDS ? gating.bands() + " bands" : "spectrum");
    }

    /** The clean images and every standard corruption cell of {@code suite}, with each member's softmax of each image. */
    private static List<ImageSet> imageSets(String task, ImageDataset clean, CorruptionSuite suite, List<ModelSession> sessions) {
        List<String> corruptions = Corruptions.standard().stream().map(Corruption::name)
                .filter(suite.corruptions()::contains).toList();
        int count = Math.min(clean.size(), suite.imagesPerSeverity());
        long total = (long) (1 + corruptions.size() * CorruptionSuite.SEVERITIES) * count * sessions.size();
        List<ImageSet> sets = new ArrayList<>();
        try (ProgressBar bar = ProgressBars.start(task, total, "img")) {
            sets.add(imageSet("clean", 0, clean, count, sessions, bar));
            for (String corruption : corruptions) {
                for (int severity = 1; severity <= CorruptionSuite.SEVERITIES; severity++) {
                    sets.add(imageSet(corruption, severity, suite.cell(corruption, severity), count, sessions, bar));
                }
            }
        }
        return sets;
    }

    private static ImageSet imageSet(String corruption, int severity, ImageDataset images, int count, List<ModelSession> sessions,
                                     ProgressBar bar) {
        float[] pixels = images.images(0, count);
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            labels[n] = images.label(n);
        }
        List<float[]> probabilities = new ArrayList<>();
        for (ModelSession session : sessions) {
            OnnxClassifier classifier = new OnnxClassifier(session);
            int size = classifier.inputShape().size();
            int classes = images.classNames().size();
            float[] answers = new float[count * classes];
            for (int from = 0; from < count; from += 256) {
                int rows = Math.min(256, count - from);
                float[] logits = classifier.logits(java.util.Arrays.copyOfRange(pixels, from * size, (from + rows) * size), rows);
                System.arraycopy(Softmax.of(logits, classes), 0, answers, from * classes, rows * classes);
                bar.stepBy(rows);
            }
            probabilities.add(answers);
        }
        return new ImageSet(corruption, severity, pixels, labels, probabilities);
    }

    private static Scores scores(VariantResult result) {
        SetScore clean = result.sets().stream().filter(s -> s.severity() == 0).findFirst().orElseThrow();
        List<CorruptionCell> cells = result.sets().stream().filter(s -> s.severity() > 0)
                .map(s -> new CorruptionCell(s.corruption(), s.severity(), s.images(), s.accuracy())).toList();
        List<String> standard = Corruptions.standard().stream().map(Corruption::name).toList();
        double robust = RobustnessResult.of(new CorruptionGrid(clean.accuracy(), clean.images(), cells), standard)
                .robustAccuracy().orElseThrow();
        Map<String, Double> families = new LinkedHashMap<>();
        for (CorruptionFamily family : CorruptionFamily.values()) {
            families.put(family.label(), cells.stream()
                    .filter(c -> standard.contains(c.corruption()) && CorruptionFamily.of(c.corruption()) == family)
                    .mapToDouble(CorruptionCell::accuracy).average().orElse(Double.NaN));
        }
        return new Scores(clean.accuracy(), robust, families);
    }

    private static List<CorruptionRouting> routing(VariantResult result, List<String> domains) {
        Map<String, List<SetScore>> byCorruption = new LinkedHashMap<>();
        for (SetScore set : result.sets()) {
            if (set.severity() > 0) {
                byCorruption.computeIfAbsent(set.corruption(), c -> new ArrayList<>()).add(set);
            }
        }
        List<CorruptionRouting> routing = new ArrayList<>();
        byCorruption.forEach((corruption, sets) -> {
            int images = sets.stream().mapToInt(SetScore::images).sum();
            int correct = sets.stream().mapToInt(SetScore::correct).sum();
            Map<String, Double> share = new LinkedHashMap<>();
            Map<String, Sent> sentTo = new LinkedHashMap<>();
            for (int d = 0; d < domains.size(); d++) {
                int domain = d;
                share.put(domains.get(d), sets.stream().mapToDouble(s -> s.domainWeight()[domain]).sum() / images);
                int routed = sets.stream().mapToInt(s -> s.routedTo()[domain]).sum();
                Map<String, Double> memberAccuracy = new LinkedHashMap<>();
                for (int card = 0; card < domains.size(); card++) {
                    int member = card;
                    int right = sets.stream().mapToInt(s -> s.correctByCard()[domain][member]).sum();
                    memberAccuracy.put(domains.get(card), routed == 0 ? Double.NaN : (double) right / routed);
                }
                sentTo.put(domains.get(d), new Sent((double) routed / images, memberAccuracy));
            }
            routing.add(new CorruptionRouting(corruption, share, (double) correct / images, sentTo));
        });
        return routing;
    }
}
