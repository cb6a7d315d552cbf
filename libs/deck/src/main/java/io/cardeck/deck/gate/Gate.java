package io.cardeck.deck.gate;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.Granularity;
import io.cardeck.metrics.spectrum.FourierAmplitude;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.metrics.spectrum.SpectrumAccumulator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The CARD-Deck gate: ranks training domains by the distance between an input's centred
 * log-amplitude spectrum and each domain's reference spectrum. Safe for concurrent use (FFT plans
 * are per thread).
 */
public final class Gate {

    private final ImageShape shape;
    private final List<String> domains;
    private final List<Spectrum> references;
    private final SpectralDistance distance;
    private final ThreadLocal<FourierAmplitude> fourier;

    /** @param references reference spectrum by domain name, in the order results are reported */
    public Gate(ImageShape shape, Map<String, Spectrum> references, SpectralDistance distance) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("a gate needs at least one domain reference spectrum");
        }
        Map<String, Spectrum> ordered = new LinkedHashMap<>(references);
        ordered.forEach((domain, spectrum) -> {
            if (spectrum.height() != shape.height() || spectrum.width() != shape.width()) {
                throw new IllegalArgumentException("the reference spectrum of domain " + domain + " is " + spectrum.height()
                        + "x" + spectrum.width() + ", but inputs are " + shape + " images");
            }
        });
        this.shape = shape;
        this.domains = List.copyOf(ordered.keySet());
        this.references = List.copyOf(ordered.values());
        this.distance = distance;
        this.fourier = ThreadLocal.withInitial(() -> new FourierAmplitude(shape));
    }

    /** The domains, in the order of the distance columns. */
    public List<String> domains() {
        return domains;
    }

    /**
     * The distance of the input to each domain: one row per image ({@link Granularity#SAMPLE}) or a
     * single row for the mean spectrum of all {@code count} images ({@link Granularity#BATCH}).
     */
    public double[][] distances(float[] images, int count, Granularity granularity) {
        if (count < 1 || images.length != count * shape.size()) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + shape);
        }
        if (granularity == Granularity.BATCH) {
            SpectrumAccumulator batch = new SpectrumAccumulator(shape);
            batch.addBatch(images);
            return new double[][] {distancesOf(batch.mean())};
        }
        double[][] rows = new double[count][];
        FourierAmplitude transform = fourier.get();
        for (int n = 0; n < count; n++) {
            float[] image = Arrays.copyOfRange(images, n * shape.size(), (n + 1) * shape.size());
            rows[n] = distancesOf(transform.logAmplitude(image));
        }
        return rows;
    }

    private double[] distancesOf(Spectrum input) {
        double[] row = new double[references.size()];
        for (int d = 0; d < row.length; d++) {
            row[d] = distance.between(input, references.get(d));
        }
        return row;
    }

    /** The column indices of the {@code k} smallest distances, closest first; ties go to the earlier domain. */
    public static int[] closest(double[] distances, int k) {
        if (k < 1 || k > distances.length) {
            throw new IllegalArgumentException("k must be between 1 and " + distances.length + ", got " + k);
        }
        return IntStream.range(0, distances.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(d -> distances[d]).thenComparingInt(d -> d))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** The names of the {@code k} closest domains of one distance row. */
    public List<String> closestDomains(double[] distances, int k) {
        List<String> names = new ArrayList<>(k);
        for (int d : closest(distances, k)) {
            names.add(domains.get(d));
        }
        return names;
    }
}
