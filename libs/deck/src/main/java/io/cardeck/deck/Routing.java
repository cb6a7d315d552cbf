package io.cardeck.deck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which cards answer each image of a request, and why.
 *
 * @param cardMasks one bit set per card (bit i = the deck's card i) for each image
 * @param domains   the domains in the order of the distance columns
 * @param distances gate distances to each domain: one row per image (sample granularity), a
 *                  single row (batch granularity), or no rows when the mode does not gate
 */
public record Routing(long[] cardMasks, List<String> domains, double[][] distances) {

    public Routing {
        cardMasks = cardMasks.clone();
        domains = List.copyOf(domains);
        distances = Arrays.stream(distances).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public long[] cardMasks() {
        return cardMasks.clone();
    }

    @Override
    public double[][] distances() {
        return Arrays.stream(distances).map(double[]::clone).toArray(double[][]::new);
    }

    public int rows() {
        return cardMasks.length;
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

    /** The card masks of several requests' images, one after another, for one batched run. */
    public static long[] concatenatedMasks(List<Routing> routings) {
        return routings.stream().flatMapToLong(r -> Arrays.stream(r.cardMasks)).toArray();
    }
}
