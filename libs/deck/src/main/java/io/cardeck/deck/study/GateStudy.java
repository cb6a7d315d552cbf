package io.cardeck.deck.study;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.Card;
import io.cardeck.deck.CardDeck;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Gating;
import io.cardeck.deck.Granularity;
import io.cardeck.deck.Routing;
import io.cardeck.deck.gate.Gate;
import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.SpectralDistance;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores gate variants of one deck on sets of images whose cards' answers are already known, so that
 * every variant is judged on the same answers and each card runs once per image, not once per
 * variant. Each variant routes and combines through the deck's own code ({@link CardDeck#routeByDistances},
 * {@link CardDeck#combine}); the gate's features and distances are computed once per feature and
 * distance and shared by the variants that use them.
 */
public final class GateStudy {

    /**
     * Images scored together: a corruption cell, or the clean images.
     *
     * @param severity          1..5, or 0 for the clean images
     * @param cardProbabilities for each card of the deck (in order), its softmax of every image, row after row
     */
    public record ImageSet(String corruption, int severity, float[] images, int[] labels, List<float[]> cardProbabilities) {
    }

    /** A gate variant under a name (e.g. {@code gated k=1 sample l1 spectrum}). */
    public record Variant(String name, Gating gating) {
    }

    /**
     * How a variant did on one image set.
     *
     * @param cardRuns          card runs over all images (the compute, in member runs)
     * @param domainWeight      for each domain (the deck's order), the sum over images of its weight in their answers
     * @param routedTo          for each domain, the images whose heaviest domain it is (ties to the earlier domain)
     * @param correctByCard     for each domain and card, how many of the images routed to the domain the card
     *                          alone classifies right: what each card would have got on them
     */
    public record SetScore(String corruption, int severity, int images, int correct, long cardRuns, double[] domainWeight,
                           int[] routedTo, int[][] correctByCard) {

        public double accuracy() {
            return (double) correct / images;
        }
    }

    /** A variant's scores, one per image set, in the order of the sets. */
    public record VariantResult(Variant variant, List<SetScore> sets) {

        /** Card runs per image over the corrupted sets. */
        public double cardsPerImage() {
            long runs = 0;
            long images = 0;
            for (SetScore set : sets) {
                if (set.severity() > 0) {
                    runs += set.cardRuns();
                    images += set.images();
                }
            }
            return (double) runs / images;
        }
    }

    private final String name;
    private final ImageShape shape;
    private final int classes;
    private final List<Card> cards;
    private final Map<String, Spectrum> references;
    private final int batchSize;

    /** @param batchSize the images of one request for the variants of {@link Granularity#BATCH} granularity */
    public GateStudy(String name, ImageShape shape, int classes, List<Card> cards, Map<String, Spectrum> references,
                     int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size of batch granularity must be at least 1, got " + batchSize);
        }
        this.name = name;
        this.shape = shape;
        this.classes = classes;
        this.cards = List.copyOf(cards);
        this.references = Map.copyOf(references);
        this.batchSize = batchSize;
    }

    /** The deck's domains, in the order of the scores' domain columns. */
    public List<String> domains() {
        return deck(Gating.defaults()).domains();
    }

    private CardDeck deck(Gating gating) {
        return new CardDeck(name, shape, classes, cards, references, gating);
    }

    /** Scores every variant on every set. */
    public List<VariantResult> score(List<ImageSet> sets, List<Variant> variants) {
        List<CardDeck> decks = variants.stream().map(v -> deck(v.gating())).toList();
        List<List<SetScore>> scores = new ArrayList<>();
        variants.forEach(v -> scores.add(new ArrayList<>()));
        for (ImageSet set : sets) {
            check(set);
            int count = set.labels().length;
            // Distance rows of each image per (feature, bands, distance, granularity), computed once for all variants.
            Map<String, double[][]> distances = new LinkedHashMap<>();
            Map<String, double[][]> features = new LinkedHashMap<>();
            for (int v = 0; v < variants.size(); v++) {
                Gating gating = variants.get(v).gating();
                Routing routing;
                if (gating.mode() == DeckMode.GATED) {
                    String featureKey = gating.feature() + "/" + gating.bands();
                    double[][] rows = distances.computeIfAbsent(featureKey + "/" + gating.distance() + "/" + gating.granularity(),
                            key -> distanceRows(features.computeIfAbsent(featureKey,
                                    f -> gate(gating.feature(), gating.bands(), SpectralDistance.L1).features(set.images(), count)),
                                    gate(gating.feature(), gating.bands(), gating.distance()), gating.granularity()));
                    routing = routeByRows(decks.get(v), rows, gating.granularity(), count);
                } else {
                    routing = decks.get(v).route(set.images(), count);
                }
                scores.get(v).add(score(set, decks.get(v), routing));
            }
        }
        List<VariantResult> results = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            results.add(new VariantResult(variants.get(v), List.copyOf(scores.get(v))));
        }
        return results;
    }

    private Gate gate(GateFeature feature, int bands, SpectralDistance distance) {
        return new Gate(shape, usedReferences(), distance, feature, bands);
    }

    /** Each card alone, named after its domain: what a gate has to beat. */
    public List<VariantResult> members(List<ImageSet> sets) {
        CardDeck deck = deck(Gating.defaults());
        List<VariantResult> results = new ArrayList<>();
        for (int card = 0; card < cards.size(); card++) {
            List<SetScore> scores = new ArrayList<>();
            for (ImageSet set : sets) {
                check(set);
                int count = set.labels().length;
                long[] masks = new long[count];
                double[] weights = new double[count * cards.size()];
                for (int n = 0; n < count; n++) {
                    masks[n] = 1L << card;
                    weights[n * cards.size() + card] = 1;
                }
                scores.add(score(set, deck, new Routing(masks, weights, deck.domains(), new double[0][])));
            }
            results.add(new VariantResult(new Variant(cards.get(card).domain(),
                    new Gating(DeckMode.SINGLE, 1, Granularity.SAMPLE, SpectralDistance.L1)), List.copyOf(scores)));
        }
        return results;
    }

    private Map<String, Spectrum> usedReferences() {
        Map<String, Spectrum> used = new LinkedHashMap<>();
        for (Card card : cards) {
            used.put(card.domain(), references.get(card.domain()));
        }
        return used;
    }

    /** One distance row per image: its own (sample), or that of its batch of {@code batchSize} consecutive images. */
    private double[][] distanceRows(double[][] features, Gate gate, Granularity granularity) {
        if (granularity == Granularity.SAMPLE) {
            return gate.distances(features, Granularity.SAMPLE);
        }
        double[][] rows = new double[features.length][];
        for (int from = 0; from < features.length; from += batchSize) {
            int to = Math.min(features.length, from + batchSize);
            double[] row = gate.distances(Arrays.copyOfRange(features, from, to), Granularity.BATCH)[0];
            for (int n = from; n < to; n++) {
                rows[n] = row;
            }
        }
        return rows;
    }

    private Routing routeByRows(CardDeck deck, double[][] rows, Granularity granularity, int count) {
        if (granularity == Granularity.SAMPLE) {
            return deck.routeByDistances(rows, count);
        }
        List<Routing> batches = new ArrayList<>();
        for (int from = 0; from < count; from += batchSize) {
            int to = Math.min(count, from + batchSize);
            batches.add(deck.routeByDistances(new double[][] {rows[from]}, to - from));
        }
        return Routing.concatenated(batches);
    }

    private SetScore score(ImageSet set, CardDeck deck, Routing routing) {
        float[] combined = deck.combine(routing, (card, rows) -> {
            float[] all = set.cardProbabilities().get(card);
            float[] subset = new float[rows.length * classes];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(all, rows[r] * classes, subset, r * classes, classes);
            }
            return subset;
        });
        List<String> domains = deck.domains();
        int[] domainOfCard = cards.stream().mapToInt(card -> domains.indexOf(card.domain())).toArray();
        int count = set.labels().length;
        double[] domainWeight = new double[domains.size()];
        int[] routedTo = new int[domains.size()];
        int[][] correctByCard = new int[domains.size()][cards.size()];
        int correct = 0;
        for (int n = 0; n < count; n++) {
            if (argmax(combined, n) == set.labels()[n]) {
                correct++;
            }
            double[] weights = new double[domains.size()];
            for (int card = 0; card < cards.size(); card++) {
                weights[domainOfCard[card]] += routing.weight(n, card);
            }
            int heaviest = 0;
            for (int d = 0; d < weights.length; d++) {
                domainWeight[d] += weights[d];
                if (weights[d] > weights[heaviest]) {
                    heaviest = d;
                }
            }
            routedTo[heaviest]++;
            for (int card = 0; card < cards.size(); card++) {
                if (argmax(set.cardProbabilities().get(card), n) == set.labels()[n]) {
                    correctByCard[heaviest][card]++;
                }
            }
        }
        return new SetScore(set.corruption(), set.severity(), count, correct, Math.round(routing.cardsPerImage() * count),
                domainWeight, routedTo, correctByCard);
    }

    private int argmax(float[] probabilities, int row) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (probabilities[row * classes + c] > probabilities[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    private void check(ImageSet set) {
        int count = set.labels().length;
        if (count < 1 || set.images().length != count * shape.size()) {
            throw new IllegalArgumentException("image set " + set.corruption() + "/s" + set.severity() + " holds "
                    + set.images().length + " values for " + count + " labels of " + shape + " images");
        }
        if (set.cardProbabilities().size() != cards.size()) {
            throw new IllegalArgumentException("image set " + set.corruption() + "/s" + set.severity() + " has the answers of "
                    + set.cardProbabilities().size() + " cards; the deck has " + cards.size());
        }
        for (float[] probabilities : set.cardProbabilities()) {
            if (probabilities.length != count * classes) {
                throw new IllegalArgumentException("a card's answers on " + set.corruption() + "/s" + set.severity() + " hold "
                        + probabilities.length + " values for " + count + " images of " + classes + " classes");
            }
        }
    }
}
