package io.cardeck.deck.gate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How far an input's gate feature is from a domain's reference. The features are weighted vectors
 * (weights summing to 1: each frequency's share of the spectrum, or each band's), so that the
 * distances of the whole spectrum are the same whether it is held whole or as its half plane.
 */
public enum SpectralDistance {
    /** Mean absolute difference (the gate's default). */
    L1,
    /** Root mean squared difference. */
    L2,
    /** 1 - cosine similarity. */
    COSINE;

    /**
     * The distance between {@code input[offset..offset + weights.length)} and {@code reference}, each
     * element counted with its weight. An all-zero vector has no direction: at cosine distance 0 from
     * another all-zero one and 1 from any other, as {@code Spectrum.cosineDistance}.
     */
    public double between(double[] input, int offset, double[] reference, double[] weights) {
        switch (this) {
            case L1 -> {
                double sum = 0;
                for (int i = 0; i < weights.length; i++) {
                    sum += weights[i] * Math.abs(input[offset + i] - reference[i]);
                }
                return sum;
            }
            case L2 -> {
                double sum = 0;
                for (int i = 0; i < weights.length; i++) {
                    double d = input[offset + i] - reference[i];
                    sum += weights[i] * d * d;
                }
                return Math.sqrt(sum);
            }
            default -> {
                double dot = 0;
                double norm = 0;
                double referenceNorm = 0;
                for (int i = 0; i < weights.length; i++) {
                    double a = input[offset + i];
                    double b = reference[i];
                    dot += weights[i] * a * b;
                    norm += weights[i] * a * a;
                    referenceNorm += weights[i] * b * b;
                }
                if (norm == 0 || referenceNorm == 0) {
                    return norm == referenceNorm ? 0 : 1;
                }
                return 1 - dot / Math.sqrt(norm * referenceNorm);
            }
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(SpectralDistance::wireName).toList();
    }

    public static SpectralDistance parse(String name) {
        for (SpectralDistance distance : values()) {
            if (distance.wireName().equals(name)) {
                return distance;
            }
        }
        throw new IllegalArgumentException("unknown spectral distance " + (name == null ? "null" : "'" + name + "'")
                + "; accepted: " + String.join(", ", wireNames()));
    }
}
