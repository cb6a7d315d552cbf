package io.cardeck.deck.gate;

import io.cardeck.data.ImageShape;
import io.cardeck.deck.Granularity;
import io.cardeck.metrics.spectrum.FourierAmplitude;
import io.cardeck.metrics.spectrum.Spectrum;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The CARD-Deck gate: ranks training domains by the distance between a feature of an input's
 * centred log-amplitude spectrum and the same feature of each domain's reference spectrum. The
 * feature is the whole spectrum or its radial band means ({@link GateFeature}). Safe for
 * concurrent use (FFT plans are per thread).
 * <p>Speed: an image's spectrum is computed on its half plane only (the amplitude of a real image is
 * symmetric), each frequency weighted by how many it stands for, and the images of a request are
 * spread over the processors, as ONNX Runtime spreads a member's operators.
 */
public final class Gate {

    /** Below this many images a request's spectra are computed on the calling thread alone. */
    private static final int PARALLEL_FROM = 8;

    private final ImageShape shape;
    private final List<String> domains;
    private final SpectralDistance distance;
    private final GateFeature feature;
    /** The half-plane frequencies of each band (BANDS), with their multiplicities. */
    private final int[][] bandMembers;
    private final double[][] bandMultiplicity;
    /** Each feature element's weight in a distance; they sum to 1. */
    private final double[] weights;
    /** Each domain's reference feature. */
    private final double[][] references;
    private final int halfPlane;
    private final ThreadLocal<FourierAmplitude> fourier;

    /** A gate on the whole spectrum. */
    public Gate(ImageShape shape, Map<String, Spectrum> references, SpectralDistance distance) {
        this(shape, references, distance, GateFeature.SPECTRUM, 0);
    }

    /**
     * @param references reference spectrum by domain name, in the order results are reported
     * @param bands      the number of radial bands when {@code feature} is {@link GateFeature#BANDS}
     */
    public Gate(ImageShape shape, Map<String, Spectrum> references, SpectralDistance distance, GateFeature feature,
                int bands) {
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
        this.distance = distance;
        this.feature = feature;
        FourierAmplitude layout = new FourierAmplitude(shape);
        this.fourier = ThreadLocal.withInitial(() -> new FourierAmplitude(shape));
        this.halfPlane = layout.halfPlaneSize();
        int[] centredIndex = layout.halfPlaneCentredIndex();
        double[] multiplicity = layout.halfPlaneMultiplicity();
        double plane = shape.height() * shape.width();
        List<Spectrum> spectra = List.copyOf(ordered.values());
        this.references = new double[spectra.size()][];
        if (feature == GateFeature.SPECTRUM) {
            this.bandMembers = null;
            this.bandMultiplicity = null;
            this.weights = new double[halfPlane];
            for (int e = 0; e < halfPlane; e++) {
                weights[e] = multiplicity[e] / plane;
            }
            for (int d = 0; d < spectra.size(); d++) {
                double[] values = spectra.get(d).values();
                this.references[d] = new double[halfPlane];
                for (int e = 0; e < halfPlane; e++) {
                    this.references[d][e] = values[centredIndex[e]];
                }
            }
        } else {
            SpectralBands radial = new SpectralBands(shape, bands);
            List<List<Integer>> members = new ArrayList<>();
            for (int b = 0; b < bands; b++) {
                members.add(new ArrayList<>());
            }
            for (int e = 0; e < halfPlane; e++) {
                members.get(radial.bandOf(centredIndex[e])).add(e);
            }
            this.bandMembers = new int[bands][];
            this.bandMultiplicity = new double[bands][];
            for (int b = 0; b < bands; b++) {
                bandMembers[b] = members.get(b).stream().mapToInt(Integer::intValue).toArray();
                double total = 0;
                for (int e : bandMembers[b]) {
                    total += multiplicity[e];
                }
                bandMultiplicity[b] = new double[bandMembers[b].length];
                for (int i = 0; i < bandMembers[b].length; i++) {
                    bandMultiplicity[b][i] = multiplicity[bandMembers[b][i]] / total;
                }
            }
            this.weights = new double[bands];
            java.util.Arrays.fill(weights, 1.0 / bands);
            double[] halfValues = new double[halfPlane];
            for (int d = 0; d < spectra.size(); d++) {
                double[] values = spectra.get(d).values();
                for (int e = 0; e < halfPlane; e++) {
                    halfValues[e] = values[centredIndex[e]];
                }
                this.references[d] = new double[bands];
                bandMeans(halfValues, this.references[d], 0);
            }
        }
    }

    /** The domains, in the order of the distance columns. */
    public List<String> domains() {
        return domains;
    }

    public GateFeature feature() {
        return feature;
    }

    /** Elements of a feature vector: the half plane's frequencies, or the bands. */
    public int featureLength() {
        return weights.length;
    }

    /**
     * The distance of the input to each domain: one row per image ({@link Granularity#SAMPLE}) or a
     * single row for the mean spectrum of all {@code count} images ({@link Granularity#BATCH}).
     */
    public double[][] distances(float[] images, int count, Granularity granularity) {
        return distances(features(images, count), granularity);
    }

    /** The gate feature of each of {@code count} NCHW images, one row each. */
    public double[][] features(float[] images, int count) {
        if (count < 1 || images.length != count * shape.size()) {
            throw new IllegalArgumentException(images.length + " values are not " + count + " images of " + shape);
        }
        fourier.get().checkFinite(images, "the images");
        double[][] rows = new double[count][];
        int chunks = count < PARALLEL_FROM ? 1 : Math.min(count / (PARALLEL_FROM / 2), Runtime.getRuntime().availableProcessors());
        if (chunks <= 1) {
            featuresOf(images, 0, count, rows);
        } else {
            IntStream.range(0, chunks).parallel().forEach(chunk ->
                    featuresOf(images, chunk * count / chunks, (chunk + 1) * count / chunks, rows));
        }
        return rows;
    }

    private void featuresOf(float[] images, int from, int to, double[][] rows) {
        FourierAmplitude transform = fourier.get();
        double[] logAmplitude = new double[halfPlane];
        for (int n = from; n < to; n++) {
            if (feature == GateFeature.SPECTRUM) {
                rows[n] = new double[halfPlane];
                transform.logAmplitudeHalfPlane(images, n * shape.size(), rows[n], 0);
            } else {
                transform.logAmplitudeHalfPlane(images, n * shape.size(), logAmplitude, 0);
                rows[n] = new double[bandMembers.length];
                bandMeans(logAmplitude, rows[n], 0);
            }
        }
    }

    private void bandMeans(double[] halfValues, double[] target, int offset) {
        for (int b = 0; b < bandMembers.length; b++) {
            double sum = 0;
            for (int i = 0; i < bandMembers[b].length; i++) {
                sum += bandMultiplicity[b][i] * halfValues[bandMembers[b][i]];
            }
            target[offset + b] = sum;
        }
    }

    /**
     * The distances of feature rows (from {@link #features}) to each domain: one row per feature row,
     * or one row for their mean ({@link Granularity#BATCH}; features are linear in the log spectrum,
     * so this is the feature of the mean log spectrum).
     */
    public double[][] distances(double[][] features, Granularity granularity) {
        if (features.length == 0) {
            throw new IllegalArgumentException("distances need at least one feature row");
        }
        if (granularity == Granularity.BATCH) {
            double[] mean = new double[weights.length];
            for (double[] row : features) {
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += row[i];
                }
            }
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= features.length;
            }
            return new double[][] {distancesOf(mean)};
        }
        double[][] rows = new double[features.length][];
        for (int n = 0; n < features.length; n++) {
            rows[n] = distancesOf(features[n]);
        }
        return rows;
    }

    private double[] distancesOf(double[] input) {
        if (input.length != weights.length) {
            throw new IllegalArgumentException("a feature row of this gate has " + weights.length + " values, got "
                    + input.length);
        }
        double[] row = new double[references.length];
        for (int d = 0; d < row.length; d++) {
            row[d] = distance.between(input, 0, references[d], weights);
        }
        return row;
    }

    /** The column indices of the {@code k} smallest distances, closest first; ties go to the earlier domain. */
    public static int[] closest(double[] distances, int k) {
        if (k < 1 || k > distances.length) {
            throw new IllegalArgumentException("k must be between 1 and " + distances.length + ", got " + k);
        }
        int[] chosen = new int[k];
        boolean[] taken = new boolean[distances.length];
        for (int i = 0; i < k; i++) {
            int best = -1;
            for (int d = 0; d < distances.length; d++) {
                if (!taken[d] && (best < 0 || distances[d] < distances[best])) {
                    best = d;
                }
            }
            taken[best] = true;
            chosen[i] = best;
        }
        return chosen;
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
