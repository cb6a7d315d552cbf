package io.cardeck.deck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
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
        float[] probabilities = deck.predict(images, routing.cardMasks(), this::classifier);
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
        float[] probabilities = deck.predict(images, routing.cardMasks(), this::classifier);
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
        assertThrows(IllegalArgumentException.class, () -> deck.predict(new float[SHAPE.size()], new long[2], this::classifier));
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
}
