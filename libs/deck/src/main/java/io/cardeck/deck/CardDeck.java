package io.cardeck.deck;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.gate.Gate;
import io.cardeck.evaluation.BatchClassifier;
import io.cardeck.metrics.Softmax;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A deck of CARDs: routes each request to cards ({@link #route}) and averages the softmax outputs of
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
        this.gate = new Gate(inputShape, used, gating.distance());
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

    /** The deck's domains, in the order of the gate's distance columns. */
    public List<String> domains() {
        return gate.domains();
    }

    /**
     * Chooses the cards for each of {@code count} NCHW images.
     *
     * @throws IllegalStateException in single mode while no card has a robust accuracy yet
     */
    public Routing route(float[] images, int count) {
        if (count < 1 || images.length != count * inputShape.size()) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + inputShape);
        }
        long[] masks = new long[count];
        return switch (gating.mode()) {
            case AVERAGE -> {
                Arrays.fill(masks, (1L << cards.size()) - 1);
                yield new Routing(masks, domains(), new double[0][]);
            }
            case SINGLE -> {
                Arrays.fill(masks, 1L << bestCard());
                yield new Routing(masks, domains(), new double[0][]);
            }
            case GATED -> {
                double[][] distances = gate.distances(images, count, gating.granularity());
                for (int n = 0; n < count; n++) {
                    masks[n] = cardsOf(gate.closestDomains(distances[distances.length == 1 ? 0 : n], gating.k()));
                }
                yield new Routing(masks, domains(), distances);
            }
        };
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

    private long cardsOf(List<String> domains) {
        long mask = 0;
        for (int i = 0; i < cards.size(); i++) {
            if (domains.contains(cards.get(i).domain())) {
                mask |= 1L << i;
            }
        }
        return mask;
    }

    /**
     * Class probabilities of {@code cardMasks.length} NCHW images: for each image the mean softmax of the
     * cards in its mask. Each card runs once, on just the images routed to it.
     *
     * @param classifiers the classifier of a card (e.g. a cached ONNX Runtime session)
     */
    public float[] predict(float[] images, long[] cardMasks, Function<Card, BatchClassifier> classifiers) {
        int count = cardMasks.length;
        int size = inputShape.size();
        if (images.length != count * size) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + inputShape);
        }
        double[] sums = new double[count * classes];
        int[] votes = new int[count];
        for (int card = 0; card < cards.size(); card++) {
            int[] rows = rowsOf(cardMasks, card);
            if (rows.length == 0) {
                continue;
            }
            float[] batch = new float[rows.length * size];
            for (int r = 0; r < rows.length; r++) {
                System.arraycopy(images, rows[r] * size, batch, r * size, size);
            }
            float[] logits = classifiers.apply(cards.get(card)).logits(batch, rows.length);
            if (logits.length != rows.length * classes) {
                throw new IllegalStateException("card " + cards.get(card).modelId() + " returned " + logits.length
                        + " logits for " + rows.length + " images; the deck expects " + classes + " classes per image");
            }
            float[] probabilities = Softmax.of(logits, classes);
            for (int r = 0; r < rows.length; r++) {
                int row = rows[r];
                votes[row]++;
                for (int c = 0; c < classes; c++) {
                    sums[row * classes + c] += probabilities[r * classes + c];
                }
            }
        }
        float[] mean = new float[sums.length];
        for (int row = 0; row < count; row++) {
            if (votes[row] == 0) {
                throw new IllegalArgumentException("image " + row + " is routed to no card of deck " + name);
            }
            for (int c = 0; c < classes; c++) {
                mean[row * classes + c] = (float) (sums[row * classes + c] / votes[row]);
            }
        }
        return mean;
    }

    private static int[] rowsOf(long[] cardMasks, int card) {
        return IntStream.range(0, cardMasks.length).filter(row -> (cardMasks[row] & (1L << card)) != 0).toArray();
    }
}
