package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * AugMix (Hendrycks, Mu, Cubuk, Zoph, Gilmer, Lakshminarayanan, ICLR 2020): {@code width} chains of
 * 1..3 (or {@code depth}) random {@link AugMixOperation}s each, mixed with Dirichlet(1, ..., 1)
 * weights w, then combined with the clean image by a Beta(1, 1) weight m:
 * {@code m x + (1 - m) sum_i w_i chain_i(x)}. The reference code writes {@code (1 - m) x + m mix};
 * Beta(1, 1) is symmetric, so both give the same distribution.
 * <p>
 * For the Jensen-Shannon consistency loss call {@link #apply} twice with the same random: it
 * advances, so the two views are independent.
 */
public final class AugMix extends AbstractAugmentation {

    public static final int DEFAULT_WIDTH = 3;
    /** Depth -1: each chain draws its depth uniformly from 1..3. */
    public static final int STOCHASTIC_DEPTH = -1;
    public static final int DEFAULT_SEVERITY = 3;
    public static final int MAX_SEVERITY = 10;
    private static final int MAX_STOCHASTIC_DEPTH = 3;

    private final int width;
    private final int depth;
    private final int severity;
    private final List<AugMixOperation> operations;
    private final Dirichlet chainWeights;
    private final Beta mixing = new Beta(1.0, 1.0);
    private final ThreadLocal<Workspace> workspaces;

    /** The paper's setting: width 3, stochastic depth 1..3, severity 3. */
    public AugMix() {
        this(DEFAULT_WIDTH, STOCHASTIC_DEPTH, DEFAULT_SEVERITY);
    }

    /** Width >= 1 chains, depth >= 1 or {@link #STOCHASTIC_DEPTH}, severity 1..10, all nine operations. */
    public AugMix(int width, int depth, int severity) {
        this(width, depth, severity, List.of(AugMixOperation.values()));
    }

    /** Also restricts the operations that chains draw from (tests isolate one operation this way). */
    AugMix(int width, int depth, int severity, List<AugMixOperation> operations) {
        super("augmix");
        if (width < 1) {
            throw new IllegalArgumentException("augmix: width must be >= 1 chains, got " + width);
        }
        if (depth != STOCHASTIC_DEPTH && depth < 1) {
            throw new IllegalArgumentException("augmix: depth must be >= 1 or " + STOCHASTIC_DEPTH
                    + " (stochastic, 1.." + MAX_STOCHASTIC_DEPTH + " per chain), got " + depth);
        }
        if (severity < 1 || severity > MAX_SEVERITY) {
            throw new IllegalArgumentException("augmix: severity must be 1.." + MAX_SEVERITY + ", got " + severity);
        }
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("augmix: needs at least one operation");
        }
        this.width = width;
        this.depth = depth;
        this.severity = severity;
        this.operations = List.copyOf(operations);
        this.chainWeights = Dirichlet.uniform(width);
        this.workspaces = ThreadLocal.withInitial(() -> new Workspace(width));
    }

    public int width() {
        return width;
    }

    /** Operations per chain, or {@link #STOCHASTIC_DEPTH}. */
    public int depth() {
        return depth;
    }

    public int severity() {
        return severity;
    }

    public List<AugMixOperation> operations() {
        return operations;
    }

    @Override
    void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        double[] weights = workspaces.get().weights;
        // Draw order as the reference code: chain weights, mixing weight, then the chains.
        chainWeights.sample(random, weights);
        double m = mixing.sample(random);
        mix(image, shape, random, m, weights, out, offset);
    }

    /** The mixture for given weights; the chains still draw their operations from {@code random}. */
    void mix(float[] image, ImageShape shape, SplittableRandom random, double m, double[] weights,
             float[] out, int offset) {
        Workspace workspace = workspaces.get();
        int size = shape.size();
        workspace.fit(size);
        Arrays.fill(out, offset, offset + size, 0f);
        for (int chain = 0; chain < width; chain++) {
            int chainDepth = depth == STOCHASTIC_DEPTH ? 1 + random.nextInt(MAX_STOCHASTIC_DEPTH) : depth;
            float[] current = image;
            for (int k = 0; k < chainDepth; k++) {
                AugMixOperation operation = operations.get(random.nextInt(operations.size()));
                double magnitude = operation.sampleMagnitude(severity, shape, random);
                float[] next = current == workspace.first ? workspace.second : workspace.first;
                operation.apply(current, next, shape, magnitude, workspace.histogram);
                current = next;
            }
            float weight = (float) weights[chain];
            for (int p = 0; p < size; p++) {
                out[offset + p] += weight * current[p];
            }
        }
        for (int p = 0; p < size; p++) {
            out[offset + p] = clip(m * image[p] + (1.0 - m) * out[offset + p]);
        }
    }

    /** Per-thread buffers: two for a chain's ping-pong, the equalize histogram, the chain weights. */
    private static final class Workspace {
        private float[] first = new float[0];
        private float[] second = new float[0];
        private final int[] histogram = new int[LevelMaps.LEVELS];
        private final double[] weights;

        Workspace(int width) {
            weights = new double[width];
        }

        void fit(int size) {
            if (first.length != size) {
                first = new float[size];
                second = new float[size];
            }
        }
    }
}
