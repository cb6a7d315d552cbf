package io.cardeck.deck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which cards answer each image of a request, with what weight, and why.
 *
 * @param cardMasks   one bit set per card (bit i = the deck's card i) for each image
 * @param cardWeights for image n and card i, at {@code n * cards + i}, the weight of the card's softmax
 *                    in the image's answer: non-zero exactly for the cards in the mask, summing to 1
 * @param domains     the domains in the order of the distance columns
 * @param distances   gate distances to each domain: one row per image (sample granularity), a
 *                    single row (batch granularity), or no rows when the mode does not gate
 */
public record Routing(long[] cardMasks, double[] cardWeights, List<String> domains, double[][] distances) {

    public Routing {
        if (cardMasks.length == 0 || cardWeights.length % cardMasks.length != 0) {
            throw new IllegalArgumentException(cardWeights.length + " card weights do not fit " + cardMasks.length + " images");
        }
        cardMasks = cardMasks.clone();
        cardWeights = cardWeights.clone();
        domains = List.copyOf(domains);
        distances = Arrays.stream(distances).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public long[] cardMasks() {
        return cardMasks.clone();
    }

    @Override
    public double[] cardWeights() {
        return cardWeights.clone();
    }

    @Override
    public double[][] distances() {
        return Arrays.stream(distances).map(double[]::clone).toArray(double[][]::new);
    }

    public int rows() {
        return cardMasks.length;
    }

    /** The number of cards of the deck this routing was made for. */
    public int cards() {
        return cardWeights.length / cardMasks.length;
    }

    /** The weight of card {@code card}'s softmax in the answer of image {@code row}. */
    public double weight(int row, int card) {
        return cardWeights[row * cards() + card];
    }

    /** Whether image {@code row} is routed to card {@code card}. */
    public boolean routes(int row, int card) {
        return (cardMasks[row] & (1L << card)) != 0;
    }

    /** The images routed to card {@code card}, ascending. */
    public int[] rowsOf(int card) {
        int count = 0;
        for (long mask : cardMasks) {
            count += (int) ((mask >>> card) & 1);
        }
        int[] rows = new int[count];
        int next = 0;
        for (int row = 0; row < cardMasks.length; row++) {
            if (routes(row, card)) {
                rows[next++] = row;
            }
        }
        return rows;
    }

    /** The card indices (into the deck's cards) used for any image, ascending. */
    public List<Integer> cardsUsed() {
        long union = 0;
        for (long mask : cardMasks) {
            union |= mask;
        }
        List<Integer> cards = new ArrayList<>();
        for (int card = 0; card < Long.SIZE; card++) {
            if ((union & (1L << card)) != 0) {
                cards.add(card);
            }
        }
        return cards;
    }

    /** Cards run per image, on average: the deck's compute in member runs. */
    public double cardsPerImage() {
        long runs = 0;
        for (long mask : cardMasks) {
            runs += Long.bitCount(mask);
        }
        return (double) runs / cardMasks.length;
    }

    /**
     * Several requests' routings, one after another, for one batched run; the distances, which belong
     * to each request, are left out.
     */
    public static Routing concatenated(List<Routing> routings) {
        if (routings.size() == 1) {
            return routings.get(0);
        }
        long[] masks = routings.stream().flatMapToLong(r -> Arrays.stream(r.cardMasks)).toArray();
        double[] weights = routings.stream().flatMapToDouble(r -> Arrays.stream(r.cardWeights)).toArray();
        return new Routing(masks, weights, routings.get(0).domains(), new double[0][]);
    }
}
