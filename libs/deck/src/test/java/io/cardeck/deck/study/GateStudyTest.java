package io.cardeck.deck.study;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.augmentation.TrainingDomains;
import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.deck.Card;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Gating;
import io.cardeck.deck.Granularity;
import io.cardeck.deck.Weighting;
import io.cardeck.deck.gate.Gate;
import io.cardeck.deck.gate.ReferenceSpectra;
import io.cardeck.deck.gate.SpectralDistance;
import io.cardeck.deck.study.GateStudy.ImageSet;
import io.cardeck.deck.study.GateStudy.SetScore;
import io.cardeck.deck.study.GateStudy.Variant;
import io.cardeck.deck.study.GateStudy.VariantResult;
import io.cardeck.metrics.Softmax;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.robustness.corruption.Corruptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gate study on real Fashion-MNIST images, corrupted, with the zoo's LeNet-5s run by ONNX Runtime. */
class GateStudyTest {

    private static final List<String> DOMAINS = List.of("standard", "gauss", "augmix");
    private static final int IMAGES = 64;
    private static ImageDataset test;
    private static Map<String, Spectrum> references;
    private static List<Card> cards;
    private static List<ImageSet> sets;

    @BeforeAll
    static void answers() throws Exception {
        var source = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST);
        test = source.split("test");
        references = new LinkedHashMap<>();
        cards = new ArrayList<>();
        for (String domain : DOMAINS) {
            references.put(domain, ReferenceSpectra.of(source.split("train"), 300, TrainingDomains.byName(domain), 0));
            cards.add(new Card("lenet5-" + domain, domain));
        }
        sets = new ArrayList<>();
        sets.add(set("clean", 0));
        sets.add(set("gaussian_noise", 5));
        sets.add(set("fog", 4));
    }

    private static ImageSet set(String corruption, int severity) throws Exception {
        int size = test.shape().size();
        float[] images = new float[IMAGES * size];
        int[] labels = new int[IMAGES];
        SplittableRandom random = new SplittableRandom(11);
        for (int n = 0; n < IMAGES; n++) {
            float[] image = severity == 0 ? test.image(n)
                    : Corruptions.byName(corruption).apply(test.image(n), test.shape(), severity, random.split());
            System.arraycopy(image, 0, images, n * size, size);
            labels[n] = test.label(n);
        }
        List<float[]> probabilities = new ArrayList<>();
        for (String domain : DOMAINS) {
            byte[] onnx = OnnxModel.load(Path.of("../../models/lenet5-" + domain + ".onnx")).toBytes();
            try (ModelSession session = InferenceSessions.open(onnx, domain, SessionOptionsSpec.cpu())) {
                probabilities.add(Softmax.of(session.run(images, IMAGES).values(), 10));
            }
        }
        return new ImageSet(corruption, severity, images, labels, probabilities);
    }

    private static int argmax(float[] values, int row) {
        int best = 0;
        for (int c = 1; c < 10; c++) {
            if (values[row * 10 + c] > values[row * 10 + best]) {
                best = c;
            }
        }
        return best;
    }

    private static GateStudy study() {
        return new GateStudy("study", test.shape(), 10, cards, references, 32);
    }

    @Test
    void eachMemberAloneScoresItsOwnAnswers() {
        List<VariantResult> members = study().members(sets);
        assertEquals(List.of("standard", "gauss", "augmix"), members.stream().map(m -> m.variant().name()).toList());
        for (int card = 0; card < 3; card++) {
            for (int s = 0; s < sets.size(); s++) {
                int correct = 0;
                for (int n = 0; n < IMAGES; n++) {
                    correct += argmax(sets.get(s).cardProbabilities().get(card), n) == sets.get(s).labels()[n] ? 1 : 0;
                }
                SetScore score = members.get(card).sets().get(s);
                assertEquals(correct, score.correct());
                assertEquals(IMAGES, score.routedTo()[card]);
            }
            assertEquals(1.0, members.get(card).cardsPerImage());
        }
    }

    @Test
    void theHardGateScoresTheCardOfEachImagesClosestDomain() {
        Gating gating = new Gating(DeckMode.GATED, 1, Granularity.SAMPLE, SpectralDistance.L1);
        VariantResult result = study().score(sets, List.of(new Variant("k1", gating))).get(0);
        Gate gate = new Gate(test.shape(), references, SpectralDistance.L1);
        for (int s = 0; s < sets.size(); s++) {
            ImageSet set = sets.get(s);
            double[][] distances = gate.distances(set.images(), IMAGES, Granularity.SAMPLE);
            int correct = 0;
            int[] routed = new int[3];
            int[][] correctByCard = new int[3][3];
            for (int n = 0; n < IMAGES; n++) {
                int closest = Gate.closest(distances[n], 1)[0];
                routed[closest]++;
                correct += argmax(set.cardProbabilities().get(closest), n) == set.labels()[n] ? 1 : 0;
                for (int card = 0; card < 3; card++) {
                    correctByCard[closest][card] += argmax(set.cardProbabilities().get(card), n) == set.labels()[n] ? 1 : 0;
                }
            }
            SetScore score = result.sets().get(s);
            assertEquals(correct, score.correct(), set.corruption());
            assertArrayEquals(routed, score.routedTo(), set.corruption());
            assertArrayEquals(new double[] {routed[0], routed[1], routed[2]}, score.domainWeight(), 1e-9);
            for (int d = 0; d < 3; d++) {
                assertArrayEquals(correctByCard[d], score.correctByCard()[d]);
            }
            assertEquals(IMAGES, score.cardRuns());
        }
        assertTrue(result.sets().get(1).routedTo()[1] > IMAGES / 2, "strong noise goes mostly to the gauss card");
    }

    @Test
    void averagingScoresTheMeanOfEveryCardAtThreeRunsAnImage() {
        Gating average = new Gating(DeckMode.AVERAGE, 1, Granularity.SAMPLE, SpectralDistance.L1);
        VariantResult result = study().score(sets, List.of(new Variant("average", average))).get(0);
        for (int s = 0; s < sets.size(); s++) {
            ImageSet set = sets.get(s);
            float[] mean = new float[IMAGES * 10];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (set.cardProbabilities().get(0)[i] + set.cardProbabilities().get(1)[i]
                        + set.cardProbabilities().get(2)[i]) / 3;
            }
            int correct = 0;
            for (int n = 0; n < IMAGES; n++) {
                correct += argmax(mean, n) == set.labels()[n] ? 1 : 0;
            }
            assertEquals(correct, result.sets().get(s).correct());
        }
        assertEquals(3.0, result.cardsPerImage());
    }

    @Test
    void batchGranularityDecidesOncePerBatchOfConsecutiveImages() {
        Gating batch = new Gating(DeckMode.GATED, 1, Granularity.BATCH, SpectralDistance.L1);
        Gating soft = new Gating(DeckMode.GATED, 3, Granularity.SAMPLE, SpectralDistance.L1).withWeighting(Weighting.SOFT, 0.3);
        List<VariantResult> results = study().score(sets, List.of(new Variant("batch", batch), new Variant("soft", soft)));
        for (SetScore score : results.get(0).sets()) {
            for (int routed : score.routedTo()) {
                assertEquals(0, routed % 32, "two batches of 32, each wholly to one domain: " + java.util.Arrays.toString(score.routedTo()));
            }
        }
        for (SetScore score : results.get(1).sets()) {
            assertEquals(IMAGES, score.domainWeight()[0] + score.domainWeight()[1] + score.domainWeight()[2], 1e-9);
            assertEquals(3L * IMAGES, score.cardRuns());
        }
    }
}
