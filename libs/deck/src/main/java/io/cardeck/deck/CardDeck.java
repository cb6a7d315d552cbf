package io.cardeck.deck;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.gate.Gate;
import io.cardeck.evaluation.BatchClassifier;
import io.cardeck.metrics.Softmax;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A deck of CARDs: routes each request to cards ({@link #route}) and combines the softmax outputs of
 * the routed cards ({@link #predict}). Routing and prediction are separate so that a server can route
 * each request on its own and then run several requests' images in one batch per card.
 * Immutable and safe for concurrent use.
 */
public final class CardDeck {

    /** Cards are addressed by bit in a long mask. */
    public static final int MAX_CARDS = Long.SIZE - 1;

    private final String name;
    private final ImageShape inputShape;
    private final int classes;
    private final List<Card> cards;
    private final Gating gating;
    private final Gate gate;
    /** Each card's index into the gate's domains, and each domain's cards as a mask. */
    private final int[] domainOfCard;
    private final long[] cardsOfDomain;

    /**
     * @param references the reference spectrum of every domain the cards use (more are ignored)
     * @throws IllegalArgumentException when the cards, references or gating do not fit together
     */
    public CardDeck(String name, ImageShape inputShape, int classes, List<Card> cards, Map<String, Spectrum> references,
                    Gating gating) {
        if (cards.isEmpty() || cards.size() > MAX_CARDS) {
            throw new IllegalArgumentException("a deck holds 1 to " + MAX_CARDS + " cards, got " + cards.size());
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a deck's cards classify into at least 2 classes, got " + classes);
        }
        Map<String, Spectrum> used = new LinkedHashMap<>();
        for (Card card : cards) {
            Spectrum reference = references.get(card.domain());
            if (reference == null) {
                throw new IllegalArgumentException("card " + card.modelId() + " has domain " + card.domain()
                        + ", which has no reference spectrum; domains with one: " + String.join(", ", references.keySet()));
            }
            used.put(card.domain(), reference);
        }
        if (gating.mode() == DeckMode.GATED && gating.k() > used.size()) {
            throw new IllegalArgumentException("gating k=" + gating.k() + " exceeds the " + used.size()
                    + " domain(s) of the deck (" + String.join(", ", used.keySet()) + ")");
        }
        this.name = name;
        this.inputShape = inputShape;
        this.classes = classes;
        this.cards = List.copyOf(cards);
        this.gating = gating;
        this.gate = new Gate(inputShape, used, gating.distance(), gating.feature(), gating.bands());
        List<String> domains = gate.domains();
        this.domainOfCard = new int[this.cards.size()];
        this.cardsOfDomain = new long[domains.size()];
        for (int card = 0; card < this.cards.size(); card++) {
            domainOfCard[card] = domains.indexOf(this.cards.get(card).domain());
            cardsOfDomain[domainOfCard[card]] |= 1L << card;
        }
    }

    public String name() {
        return name;
    }

    public ImageShape inputShape() {
        return inputShape;
    }

    public int classes() {
        return classes;
    }

    public List<Card> cards() {
        return cards;
    }

    public Gating gating() {
        return gating;
    }

    /** The deck's gate (its features and distances); {@link #route} uses it in gated mode. */
    public Gate gate() {
        return gate;
    }

    /** The deck's domains, in the order of the gate's distance columns. */
    public List<String> domains() {
        return gate.domains();
    }

    /**
     * Chooses the cards for each of {@code count} NCHW images, and their weights.
     *
     * @throws IllegalStateException in single mode while no card has a robust accuracy yet
     */
    public Routing route(float[] images, int count) {
        if (count < 1 || images.length != count * inputShape.size()) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + inputShape);
        }
        if (gating.mode() == DeckMode.GATED) {
            return routeByDistances(gate.distances(images, count, gating.granularity()), count);
        }
        long[] masks = new long[count];
        double[] weights = new double[count * cards.size()];
        long mask = gating.mode() == DeckMode.AVERAGE ? (1L << cards.size()) - 1 : 1L << bestCard();
        double[] row = equalWeights(mask);
        for (int n = 0; n < count; n++) {
            masks[n] = mask;
            System.arraycopy(row, 0, weights, n * cards.size(), row.length);
        }
        return new Routing(masks, weights, domains(), new double[0][]);
    }

    /**
     * The gated choice for {@code count} images from the gate's distances (one row per image, or one
     * row for all): the cards of the {@code k} closest domains, weighted as the gating says. Apart
     * from {@link #route} so that a study can reuse distances it has computed once.
     */
    public Routing routeByDistances(double[][] distances, int count) {
        if (distances.length != 1 && distances.length != count) {
            throw new IllegalArgumentException(distances.length + " distance rows for " + count
                    + " images; expected one per image or one for all");
        }
        long[] masks = new long[count];
        double[] weights = new double[count * cards.size()];
        long[] rowMasks = new long[distances.length];
        double[][] rowWeights = new double[distances.length][];
        for (int r = 0; r < distances.length; r++) {
            if (distances[r].length != gate.domains().size()) {
                throw new IllegalArgumentException("a distance row has " + distances[r].length + " values; the deck has "
                        + gate.domains().size() + " domains");
            }
            rowWeights[r] = gatedWeights(distances[r]);
            for (int card = 0; card < cards.size(); card++) {
                if (rowWeights[r][card] > 0) {
                    rowMasks[r] |= 1L << card;
                }
            }
        }
        for (int n = 0; n < count; n++) {
            int r = distances.length == 1 ? 0 : n;
            masks[n] = rowMasks[r];
            System.arraycopy(rowWeights[r], 0, weights, n * cards.size(), cards.size());
        }
        return new Routing(masks, weights, domains(), distances);
    }

    /** Card weights of one distance row: the cards of the k closest domains, equal or by softmax over distances. */
    private double[] gatedWeights(double[] distances) {
        int[] chosen = Gate.closest(distances, gating.k());
        if (gating.weighting() == Weighting.EQUAL) {
            long mask = 0;
            for (int domain : chosen) {
                mask |= cardsOfDomain[domain];
            }
            return equalWeights(mask);
        }
        double mean = 0;
        for (double d : distances) {
            mean += d / distances.length;
        }
        double scale = gating.temperature() * mean;
        double[] domainWeights = new double[distances.length];
        double total = 0;
        for (int domain : chosen) {
            // Relative to the closest, so that exp cannot underflow to 0 for every chosen domain
            domainWeights[domain] = scale > 0 ? Math.exp(-(distances[domain] - distances[chosen[0]]) / scale) : 1;
            total += domainWeights[domain];
        }
        double[] weights = new double[cards.size()];
        for (int card = 0; card < weights.length; card++) {
            int domain = domainOfCard[card];
            weights[card] = domainWeights[domain] / total / Long.bitCount(cardsOfDomain[domain]);
        }
        return weights;
    }

    private double[] equalWeights(long mask) {
        double[] weights = new double[cards.size()];
        double share = 1.0 / Long.bitCount(mask);
        for (int card = 0; card < weights.length; card++) {
            if ((mask & (1L << card)) != 0) {
                weights[card] = share;
            }
        }
        return weights;
    }

    /**
     * Why the deck cannot answer now, empty when it can: a single-mode deck answers with its card of
     * best robust accuracy, so it waits until a card has been evaluated.
     */
    public Optional<String> notReadyReason() {
        if (gating.mode() == DeckMode.SINGLE && cards.stream().noneMatch(card -> card.robustAccuracy().isPresent())) {
            return Optional.of("deck " + name + " is in single mode, which answers with the card of best robust accuracy,"
                    + " but none of its cards has been evaluated yet");
        }
        return Optional.empty();
    }

    private int bestCard() {
        notReadyReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        return IntStream.range(0, cards.size()).boxed()
                .filter(i -> cards.get(i).robustAccuracy().isPresent())
                .max(Comparator.comparingDouble(i -> cards.get(i).robustAccuracy().getAsDouble()))
                .orElseThrow();
    }

    /** What a deck's card answered: the class probabilities of the images {@code rows}, row after row. */
    @FunctionalInterface
    public interface CardAnswers {
        float[] probabilities(int card, int[] rows);
    }

    /**
     * Class probabilities of the routed images, NCHW: for each image the weighted softmax of the
     * cards in its mask. Each card runs once, on just the images routed to it.
     *
     * @param routing     from {@link #route}, or several of them {@link Routing#concatenated}
     * @param classifiers the classifier of a card (e.g. a cached ONNX Runtime session)
     */
    public float[] predict(float[] images, Routing routing, Function<Card, BatchClassifier> classifiers) {
        int count = routing.rows();
        int size = inputShape.size();
        if (images.length != count * size) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + inputShape);
        }
        return combine(routing, (card, rows) -> {
            float[] batch = images;
            if (rows.length < count) {
                batch = new float[rows.length * size];
                for (int r = 0; r < rows.length; r++) {
                    System.arraycopy(images, rows[r] * size, batch, r * size, size);
                }
            }
            float[] logits = classifiers.apply(cards.get(card)).logits(batch, rows.length);
            return Softmax.of(logits, classes);
        });
    }

    /**
     * The weighted mean of the routed cards' answers for each image of {@code routing}. {@link #predict}
     * runs the cards; a study that has every card's answers already passes them.
     */
    public float[] combine(Routing routing, CardAnswers answers) {
        if (routing.cards() != cards.size()) {
            throw new IllegalArgumentException("the routing is for " + routing.cards() + " cards; deck " + name + " has "
                    + cards.size());
        }
        int count = routing.rows();
        double[] sums = new double[count * classes];
        boolean[] answered = new boolean[count];
        for (int card = 0; card < cards.size(); card++) {
            int[] rows = routing.rowsOf(card);
            if (rows.length == 0) {
                continue;
            }
            float[] probabilities = answers.probabilities(card, rows);
            if (probabilities.length != rows.length * classes) {
                throw new IllegalStateException("card " + cards.get(card).modelId() + " returned " + probabilities.length
                        + " values for " + rows.length + " images; the deck expects " + classes + " classes per image");
            }
            for (int r = 0; r < rows.length; r++) {
                int row = rows[r];
                double weight = routing.weight(row, card);
                answered[row] = true;
                for (int c = 0; c < classes; c++) {
                    sums[row * classes + c] += weight * probabilities[r * classes + c];
                }
            }
        }
        float[] mean = new float[sums.length];
        for (int row = 0; row < count; row++) {
            if (!answered[row]) {
                throw new IllegalArgumentException("image " + row + " is routed to no card of deck " + name);
            }
            for (int c = 0; c < classes; c++) {
                mean[row * classes + c] = (float) sums[row * classes + c];
            }
        }
        return mean;
    }
}
