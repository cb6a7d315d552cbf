package io.cardeck.deck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.SpectralDistance;
import io.cardeck.evaluation.BatchClassifier;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CardDeckTest {

    private static final ImageShape SHAPE = new ImageShape(1, 4, 4);
    private static final int CLASSES = 3;

    /** Logits of image n: class c gets weight[c] * (sum of the image's pixels); records what it was asked. */
    private static final class LinearCard implements BatchClassifier {
        final float[] weights;
        final List<Integer> batchSizes = new ArrayList<>();

        LinearCard(float... weights) {
            this.weights = weights;
        }

        @Override
        public ImageShape inputShape() {
            return SHAPE;
        }

        @Override
        public float[] logits(float[] images, int batchSize) {
            batchSizes.add(batchSize);
            float[] logits = new float[batchSize * CLASSES];
            for (int n = 0; n < batchSize; n++) {
                float sum = 0;
                for (int i = 0; i < SHAPE.size(); i++) {
                    sum += images[n * SHAPE.size() + i];
                }
                for (int c = 0; c < CLASSES; c++) {
                    logits[n * CLASSES + c] = weights[c] * sum;
                }
            }
            return logits;
        }
    }

    /** A flat image of one brightness: its spectrum is all zero except the centre. */
    private static float[] flat(float... brightness) {
        float[] images = new float[brightness.length * SHAPE.size()];
        for (int n = 0; n < brightness.length; n++) {
            java.util.Arrays.fill(images, n * SHAPE.size(), (n + 1) * SHAPE.size(), brightness[n]);
        }
        return images;
    }

    /** Reference spectra: "dark" near a flat 0.1 image, "bright" near a flat 0.9 image. */
    private static Map<String, Spectrum> references() {
        Map<String, Spectrum> references = new HashMap<>();
        references.put("dark", spectrumOfFlat(0.1f));
        references.put("bright", spectrumOfFlat(0.9f));
        return references;
    }

    private static Spectrum spectrumOfFlat(float brightness) {
        double[] values = new double[SHAPE.height() * SHAPE.width()];
        values[(SHAPE.height() / 2) * SHAPE.width() + SHAPE.width() / 2] = Math.log(1 + brightness * SHAPE.size());
        return new Spectrum(SHAPE.height(), SHAPE.width(), values);
    }

    private static double[] softmax(float[] weights, float sum) {
        double max = Double.NEGATIVE_INFINITY;
        for (float w : weights) {
            max = Math.max(max, w * sum);
        }
        double total = 0;
        double[] p = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            p[c] = Math.exp(weights[c] * sum - max);
            total += p[c];
        }
        for (int c = 0; c < weights.length; c++) {
            p[c] /= total;
        }
        return p;
    }

    private final LinearCard darkCard = new LinearCard(1, 0, -1);
    private final LinearCard brightCard = new LinearCard(-1, 0.5f, 1);
    private final List<Card> cards = List.of(new Card("m-dark", "dark", OptionalDouble.of(0.6)),
            new Card("m-bright", "bright", OptionalDouble.of(0.8)));

    private BatchClassifier classifier(Card card) {
        return card.domain().equals("dark") ? darkCard : brightCard;
    }

    private CardDeck deck(DeckMode mode, Granularity granularity) {
        return new CardDeck("d", SHAPE, CLASSES, cards, references(), new Gating(mode, 1, granularity, SpectralDistance.L1));
    }

    @Test
    void averageModeGivesTheMeanSoftmaxOfEveryCard() {
        CardDeck deck = deck(DeckMode.AVERAGE, Granularity.SAMPLE);
        float[] images = flat(0.05f, 0.2f);
        Routing routing = deck.route(images, 2);
        float[] probabilities = deck.predict(images, routing, this::classifier);
        for (int n = 0; n < 2; n++) {
            float sum = (n == 0 ? 0.05f : 0.2f) * SHAPE.size();
            double[] a = softmax(darkCard.weights, sum);
            double[] b = softmax(brightCard.weights, sum);
            double total = 0;
            for (int c = 0; c < CLASSES; c++) {
                assertEquals((a[c] + b[c]) / 2, probabilities[n * CLASSES + c], 1e-6);
                total += probabilities[n * CLASSES + c];
            }
            assertEquals(1.0, total, 1e-6);
        }
        assertEquals(List.of(0, 1), routing.cardsUsed());
        assertEquals(0, routing.distances().length);
    }

    @Test
    void gatedPerSampleRunsEachCardOnlyOnItsImages() {
        CardDeck deck = deck(DeckMode.GATED, Granularity.SAMPLE);
        float[] images = flat(0.1f, 0.85f, 0.15f);
        Routing routing = deck.route(images, 3);
        assertArrayEquals(new long[] {0b01, 0b10, 0b01}, routing.cardMasks());
        assertEquals(3, routing.distances().length);
        float[] probabilities = deck.predict(images, routing, this::classifier);
        assertEquals(List.of(2), darkCard.batchSizes);
        assertEquals(List.of(1), brightCard.batchSizes);
        double[] expected = softmax(brightCard.weights, 0.85f * SHAPE.size());
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(expected[c], probabilities[CLASSES + c], 1e-6);
        }
    }

    @Test
    void gatedPerBatchDecidesOnceFromTheMeanSpectrum() {
        CardDeck deck = deck(DeckMode.GATED, Granularity.BATCH);
        Routing routing = deck.route(flat(0.1f, 0.2f, 0.8f, 0.9f, 0.95f), 5);
        assertEquals(1, routing.distances().length);
        long[] masks = routing.cardMasks();
        for (long mask : masks) {
            assertEquals(0b10, mask);
        }
    }

    @Test
    void singleModeUsesTheCardOfBestRobustAccuracy() {
        CardDeck deck = deck(DeckMode.SINGLE, Granularity.SAMPLE);
        assertEquals(List.of(1), deck.route(flat(0.1f), 1).cardsUsed());
    }

    @Test
    void singleModeWithoutAnyEvaluatedCardIsAnError() {
        List<Card> unevaluated = List.of(new Card("a", "dark"), new Card("b", "bright"));
        CardDeck deck = new CardDeck("d", SHAPE, CLASSES, unevaluated, references(),
                new Gating(DeckMode.SINGLE, 1, Granularity.SAMPLE, SpectralDistance.L1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> deck.route(flat(0.1f), 1));
        assertTrue(e.getMessage().contains("evaluated"), e.getMessage());
    }

    @Test
    void rejectsDecksThatDoNotFitTogether() {
        Gating tooMany = new Gating(DeckMode.GATED, 3, Granularity.SAMPLE, SpectralDistance.L1);
        assertThrows(IllegalArgumentException.class, () -> new CardDeck("d", SHAPE, CLASSES, cards, references(), tooMany));
        List<Card> unknownDomain = List.of(new Card("a", "fog"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CardDeck("d", SHAPE, CLASSES, unknownDomain, references(), Gating.defaults()));
        assertTrue(e.getMessage().contains("fog"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new CardDeck("d", SHAPE, CLASSES, List.of(), references(), Gating.defaults()));
        assertThrows(IllegalArgumentException.class, () -> new Gating(DeckMode.GATED, 0, Granularity.SAMPLE, SpectralDistance.L1));
    }

    @Test
    void rejectsInputsThatAreNotWholeImages() {
        CardDeck deck = deck(DeckMode.AVERAGE, Granularity.SAMPLE);
        assertThrows(IllegalArgumentException.class, () -> deck.route(new float[SHAPE.size() + 1], 1));
        Routing twoImages = new Routing(new long[] {0b01, 0b01}, new double[] {1, 0, 1, 0}, List.of("dark", "bright"), new double[0][]);
        assertThrows(IllegalArgumentException.class, () -> deck.predict(new float[SHAPE.size()], twoImages, this::classifier));
    }

    @Test
    void modeNamesParseAndUnknownOnesSayWhatIsAccepted() {
        assertEquals(DeckMode.GATED, DeckMode.parse("gated"));
        assertEquals(Granularity.BATCH, Granularity.parse("batch"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeckMode.parse("vote"));
        assertTrue(e.getMessage().contains("gated, average, single"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Granularity.parse(null));
        assertThrows(IllegalArgumentException.class, () -> SpectralDistance.parse("l3"));
    }

    /** The L1 distance of a flat image's whole 4x4 log spectrum to a flat reference's: only the centre differs. */
    private static double flatL1(float brightness, float reference) {
        return Math.abs(Math.log(1 + brightness * SHAPE.size()) - Math.log(1 + reference * SHAPE.size())) / SHAPE.size();
    }

    @Test
    void softWeightingWeighsEachChosenDomainBySoftmaxOverItsRelativeDistance() {
        Gating soft = new Gating(DeckMode.GATED, 2, Granularity.SAMPLE, SpectralDistance.L1)
                .withWeighting(Weighting.SOFT, 0.5);
        CardDeck deck = new CardDeck("d", SHAPE, CLASSES, cards, references(), soft);
        float brightness = 0.3f;
        Routing routing = deck.route(flat(brightness), 1);
        double toDark = flatL1(brightness, 0.1f);
        double toBright = flatL1(brightness, 0.9f);
        int dark = deck.domains().indexOf("dark");
        assertEquals(toDark, routing.distances()[0][dark], 1e-12);
        assertEquals(toBright, routing.distances()[0][1 - dark], 1e-12);
        double scale = 0.5 * (toDark + toBright) / 2;
        double darkWeight = Math.exp(-toDark / scale) / (Math.exp(-toDark / scale) + Math.exp(-toBright / scale));
        assertEquals(darkWeight, routing.weight(0, 0), 1e-12);
        assertEquals(1 - darkWeight, routing.weight(0, 1), 1e-12);
        assertTrue(darkWeight > 0.5 && darkWeight < 0.99, "the closer domain weighs more, not all: " + darkWeight);

        float[] probabilities = deck.predict(flat(brightness), routing, this::classifier);
        double[] a = softmax(darkCard.weights, brightness * SHAPE.size());
        double[] b = softmax(brightCard.weights, brightness * SHAPE.size());
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(darkWeight * a[c] + (1 - darkWeight) * b[c], probabilities[c], 1e-6);
        }
        assertEquals(2.0, routing.cardsPerImage());
    }

    @Test
    void softWeightingGoesFromTheClosestAloneToTheEqualMeanAsTheTemperatureRises() {
        float[] images = flat(0.3f);
        Gating cold = new Gating(DeckMode.GATED, 2, Granularity.SAMPLE, SpectralDistance.L1)
                .withWeighting(Weighting.SOFT, Gating.MIN_TEMPERATURE);
        Gating hot = cold.withWeighting(Weighting.SOFT, Gating.MAX_TEMPERATURE);
        Routing coldRouting = new CardDeck("d", SHAPE, CLASSES, cards, references(), cold).route(images, 1);
        Routing hotRouting = new CardDeck("d", SHAPE, CLASSES, cards, references(), hot).route(images, 1);
        Routing equal = new CardDeck("d", SHAPE, CLASSES, cards, references(),
                new Gating(DeckMode.GATED, 2, Granularity.SAMPLE, SpectralDistance.L1)).route(images, 1);
        assertEquals(1.0, coldRouting.weight(0, 0), 1e-9, "0.3 is closer to the dark reference (0.1) than the bright (0.9)");
        assertEquals(0.5, hotRouting.weight(0, 0), 1e-3);
        assertEquals(0.5, equal.weight(0, 0));
        assertEquals(0.5, equal.weight(0, 1));
    }

    @Test
    void softWeightingWithOneDomainChosenIsTheHardGate() {
        Gating soft = new Gating(DeckMode.GATED, 1, Granularity.SAMPLE, SpectralDistance.L1).withWeighting(Weighting.SOFT, 1);
        Routing routing = new CardDeck("d", SHAPE, CLASSES, cards, references(), soft).route(flat(0.1f, 0.85f), 2);
        assertArrayEquals(new long[] {0b01, 0b10}, routing.cardMasks());
        assertArrayEquals(new double[] {1, 0, 0, 1}, routing.cardWeights());
    }

    @Test
    void theBandFeatureComparesRadialBandMeans() {
        // On 4x4 images the inner of 2 bands (radius below half the Nyquist frequency) holds the zero
        // frequency alone, where a flat image has all its energy: distances are half the centre's difference.
        Gating bands = new Gating(DeckMode.GATED, 1, Granularity.SAMPLE, SpectralDistance.L1).withFeature(GateFeature.BANDS, 2);
        CardDeck deck = new CardDeck("d", SHAPE, CLASSES, cards, references(), bands);
        Routing routing = deck.route(flat(0.3f, 0.85f), 2);
        int dark = deck.domains().indexOf("dark");
        double centre = Math.log(1 + 0.3f * SHAPE.size());
        assertEquals(Math.abs(centre - Math.log(1 + 0.1f * SHAPE.size())) / 2, routing.distances()[0][dark], 1e-12);
        assertEquals(Math.abs(centre - Math.log(1 + 0.9f * SHAPE.size())) / 2, routing.distances()[0][1 - dark], 1e-12);
        assertArrayEquals(new long[] {0b01, 0b10}, routing.cardMasks());
    }

    @Test
    void severalRequestsRoutingsRunAsOneBatchWithTheirOwnWeights() {
        CardDeck deck = deck(DeckMode.GATED, Granularity.SAMPLE);
        float[] first = flat(0.1f);
        float[] second = flat(0.85f, 0.15f);
        Routing both = Routing.concatenated(List.of(deck.route(first, 1), deck.route(second, 2)));
        float[] images = flat(0.1f, 0.85f, 0.15f);
        assertArrayEquals(deck.predict(images, deck.route(images, 3), this::classifier), deck.predict(images, both, this::classifier));
        // Each prediction runs each card once, on all of its images of both requests
        assertEquals(List.of(2, 2), darkCard.batchSizes);
        assertEquals(List.of(1, 1), brightCard.batchSizes);
    }

    @Test
    void gatingRefusesValuesOutsideTheirRangesAndSettingsForAnotherFeatureOrWeighting() {
        Gating gated = Gating.defaults();
        assertThrows(IllegalArgumentException.class, () -> gated.withFeature(GateFeature.BANDS, 1));
        assertThrows(IllegalArgumentException.class, () -> gated.withFeature(GateFeature.BANDS, 9));
        assertThrows(IllegalArgumentException.class, () -> gated.withFeature(GateFeature.SPECTRUM, 3));
        assertThrows(IllegalArgumentException.class, () -> gated.withWeighting(Weighting.SOFT, 0));
        assertThrows(IllegalArgumentException.class, () -> gated.withWeighting(Weighting.SOFT, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> gated.withWeighting(Weighting.SOFT, 1001));
        assertThrows(IllegalArgumentException.class, () -> gated.withWeighting(Weighting.EQUAL, 0.5));
        // 8 bands on a 4x4 image leave bands without a frequency: the deck cannot gate on them
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CardDeck("d", SHAPE, CLASSES,
                cards, references(), gated.withFeature(GateFeature.BANDS, 8)));
        assertTrue(e.getMessage().contains("holds no frequency"), e.getMessage());
    }

    @Test
    void aGatingRequestTakesDefaultsForWhatIsMissingAndNamesEveryWrongField() {
        assertEquals(Gating.defaults(), GatingRequest.toGating(null));
        assertEquals(Gating.defaults(), GatingRequest.toGating(new GatingRequest(null, null, null, null, null, null, null, null)));
        Gating soft = GatingRequest.toGating(new GatingRequest("gated", 2, "batch", "l2", "bands", null, "soft", null));
        assertEquals(new Gating(DeckMode.GATED, 2, Granularity.BATCH, SpectralDistance.L2, GateFeature.BANDS, 3,
                Weighting.SOFT, 0.1), soft);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatingRequest.toGating(
                new GatingRequest("gated", 0, "sample", "l1", "bands", 12, "soft", 0.0)));
        assertTrue(e.getMessage().contains("k must be at least 1"), e.getMessage());
        assertTrue(e.getMessage().contains("bands must be between 2 and 8, got 12"), e.getMessage());
        assertTrue(e.getMessage().contains("temperature must be between 0.001 and 1000.0, got 0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GatingRequest.toGating(
                new GatingRequest(null, null, null, null, "spectrum", 3, "equal", 0.5)));
        assertTrue(e.getMessage().contains("bands apply to the feature 'bands' only"), e.getMessage());
        assertTrue(e.getMessage().contains("temperature applies to the weighting 'soft' only"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GatingRequest.toGating(
                new GatingRequest(null, null, null, null, "wavelets", null, "vote", null)));
        assertTrue(e.getMessage().contains("unknown gate feature 'wavelets'; accepted: spectrum, bands"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown gate weighting 'vote'; accepted: equal, soft"), e.getMessage());
    }
}
