package io.cardeck.pruning.lobs;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.activations.LayerGeometry;
import io.cardeck.pruning.activations.LayerInputStatistics;
import io.cardeck.pruning.unstructured.LayerWeights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * L-OBS on one layer (Dong et al. 2017): the layer-wise Hessian of each group, damped and inverted
 * once; the saliency {@code w_q^2 / (2 [H^-1]_qq)} of every weight; and pruning to a number of zeros
 * by removing weights in ascending saliency over the whole layer, each removal updating the rest of
 * its output unit (the bias included, which is never removed).
 */
final class LayerObs {

    private final LayerGeometry geometry;
    private final float[] weights;
    private final float[] bias;
    private final DMatrixRMaj[] damped;
    private final DMatrixRMaj[] inverse;
    private final float[] saliency;
    private final int[] order;

    /** @param saliencyScale what every saliency is divided by: 1, or the layer's output energy */
    private LayerObs(LayerGeometry geometry, float[] weights, float[] bias, DMatrixRMaj[] damped, DMatrixRMaj[] inverse,
                     double saliencyScale) {
        this.geometry = geometry;
        this.weights = weights;
        this.bias = bias;
        this.damped = damped;
        this.inverse = inverse;
        this.saliency = new float[weights.length];
        for (int index = 0; index < weights.length; index++) {
            int q = geometry.entryOf(index);
            double w = weights[index];
            saliency[index] = (float) (w * w / (2 * inverse[geometry.group(geometry.unitOf(index))].get(q, q)) / saliencyScale);
        }
        this.order = IntStream.range(0, weights.length).boxed()
                .sorted((a, b) -> {
                    int bySaliency = Float.compare(saliency[a], saliency[b]);
                    return bySaliency != 0 ? bySaliency : Integer.compare(a, b);
                })
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The layer's Hessians damped by {@code damping} times their mean diagonal ({@code H + d * mean(diag H) * I},
     * scale-free like SparseGPT's), inverted through a Cholesky decomposition.
     */
    static LayerObs of(OnnxModel model, LayerInputStatistics statistics, double damping, SaliencyNormalization normalization) {
        LayerGeometry geometry = statistics.geometry();
        int groups = geometry.groups();
        DMatrixRMaj[] damped = new DMatrixRMaj[groups];
        DMatrixRMaj[] inverse = new DMatrixRMaj[groups];
        for (int g = 0; g < groups; g++) {
            damped[g] = damp(statistics.hessian(g), damping);
            inverse[g] = invert(damped[g], geometry.layer().node());
        }
        float[] weights = geometry.layer().weight().data();
        float[] bias = geometry.hasBias() ? model.graph().floatInitializer(geometry.bias()).data() : null;
        double scale = normalization == SaliencyNormalization.LAYER ? outputEnergy(geometry, weights, bias, statistics) : 1;
        return new LayerObs(geometry, weights, bias, damped, inverse, scale);
    }

    /**
     * The mean over the layer's output units of {@code w^T H w}, the mean square of a unit's output over
     * the calibration inputs (1 for a layer whose outputs are all zero): the scale of the layer's saliencies.
     */
    static double outputEnergy(LayerGeometry geometry, float[] weights, float[] bias, LayerInputStatistics statistics) {
        int dimension = geometry.inputDimension();
        double total = 0;
        for (int unit = 0; unit < geometry.units(); unit++) {
            double[] w = new double[dimension];
            for (int q = 0; q < geometry.fanIn(); q++) {
                w[q] = weights[geometry.index(unit, q)];
            }
            if (bias != null) {
                w[dimension - 1] = bias[unit];
            }
            DMatrixRMaj hessian = statistics.hessian(geometry.group(unit));
            for (int r = 0; r < dimension; r++) {
                double row = 0;
                for (int c = 0; c < dimension; c++) {
                    row += hessian.get(r, c) * w[c];
                }
                total += w[r] * row;
            }
        }
        double energy = total / geometry.units();
        return energy > 0 ? energy : 1;
    }

    static DMatrixRMaj damp(DMatrixRMaj hessian, double damping) {
        int n = hessian.numRows;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += hessian.get(i, i);
        }
        double scale = trace > 0 ? trace / n : 1;
        DMatrixRMaj damped = hessian.copy();
        for (int i = 0; i < n; i++) {
            damped.add(i, i, damping * scale);
        }
        return damped;
    }

    private static DMatrixRMaj invert(DMatrixRMaj matrix, String layer) {
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(matrix.numRows);
        if (!cholesky.setA(matrix.copy())) {
            throw new IllegalStateException(layer + ": the damped Hessian is not positive definite; raise the damping");
        }
        DMatrixRMaj inverse = new DMatrixRMaj(matrix.numRows, matrix.numCols);
        cholesky.invert(inverse);
        return inverse;
    }

    /** Every weight's saliency, in the initializer's layout. */
    float[] saliency() {
        return saliency;
    }

    /** The inverse damped Hessian of group {@code group}: what the updates use. */
    DMatrixRMaj inverse(int group) {
        return inverse[group];
    }

    /** The layer with its {@code zeros} least salient weights removed and their units updated. */
    LayerWeights prune(int zeros, ObsUpdate update) {
        int units = geometry.units();
        List<List<Integer>> removed = new ArrayList<>(units);
        for (int unit = 0; unit < units; unit++) {
            removed.add(new ArrayList<>());
        }
        for (int i = 0; i < zeros; i++) {
            removed.get(geometry.unitOf(order[i])).add(geometry.entryOf(order[i]));
        }
        float[] pruned = weights.clone();
        float[] newBias = bias == null ? null : bias.clone();
        IntStream.range(0, units).parallel().forEach(unit -> {
            List<Integer> entries = removed.get(unit);
            if (entries.isEmpty()) {
                return;
            }
            int dimension = geometry.inputDimension();
            double[] w = new double[dimension];
            for (int q = 0; q < geometry.fanIn(); q++) {
                w[q] = weights[geometry.index(unit, q)];
            }
            if (bias != null) {
                w[dimension - 1] = bias[unit];
            }
            int group = geometry.group(unit);
            if (update == ObsUpdate.PAPER) {
                sequential(w, entries, inverse[group]);
            } else {
                exact(w, entries, damped[group], inverse[group]);
            }
            for (int q : entries) {
                w[q] = 0;
            }
            for (int q = 0; q < geometry.fanIn(); q++) {
                pruned[geometry.index(unit, q)] = (float) w[q];
            }
            if (newBias != null) {
                newBias[unit] = (float) w[dimension - 1];
            }
        });
        FloatTensor biasTensor = newBias == null ? null : new FloatTensor(geometry.bias(), new long[] {newBias.length}, newBias);
        return new LayerWeights(pruned, biasTensor);
    }

    /**
     * The paper's step for each removed entry q in turn: {@code w -= (w_q / [H^-1]_qq) H^-1[:, q]}.
     * An earlier removed entry that a later step moves off zero is zeroed afterwards; zeroing it
     * after every step would give the same result, since a step reads only the entry it removes.
     */
    static void sequential(double[] w, List<Integer> entries, DMatrixRMaj inverse) {
        int n = inverse.numCols;
        double[] h = inverse.data;
        for (int q : entries) {
            double factor = w[q] / h[q * n + q];
            int row = q * n;
            for (int r = 0; r < n; r++) {
                w[r] -= factor * h[row + r];
            }
        }
    }

    /**
     * The optimum of {@code (w' - w)^T H (w' - w)} with the removed entries P at zero: {@code
     * w'_K = w_K + H_KK^-1 H_KP w_P}, or equally {@code w' = w - H^-1[:, P] (H^-1_PP)^-1 w_P}; the
     * smaller of the two systems is solved.
     */
    static void exact(double[] w, List<Integer> entries, DMatrixRMaj damped, DMatrixRMaj inverse) {
        int n = w.length;
        boolean[] isRemoved = new boolean[n];
        entries.forEach(q -> isRemoved[q] = true);
        int[] removed = entries.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] kept = IntStream.range(0, n).filter(q -> !isRemoved[q]).toArray();
        if (kept.length == 0) {
            return;
        }
        DMatrixRMaj removedWeights = new DMatrixRMaj(removed.length, 1);
        for (int i = 0; i < removed.length; i++) {
            removedWeights.set(i, 0, w[removed[i]]);
        }
        if (removed.length <= kept.length) {
            DMatrixRMaj system = extract(inverse, removed, removed);
            DMatrixRMaj z = solve(system, removedWeights);
            DMatrixRMaj delta = new DMatrixRMaj(kept.length, 1);
            CommonOps_DDRM.mult(extract(inverse, kept, removed), z, delta);
            for (int i = 0; i < kept.length; i++) {
                w[kept[i]] -= delta.get(i, 0);
            }
        } else {
            DMatrixRMaj coupling = new DMatrixRMaj(kept.length, 1);
            CommonOps_DDRM.mult(extract(damped, kept, removed), removedWeights, coupling);
            DMatrixRMaj delta = solve(extract(damped, kept, kept), coupling);
            for (int i = 0; i < kept.length; i++) {
                w[kept[i]] += delta.get(i, 0);
            }
        }
    }

    private static DMatrixRMaj extract(DMatrixRMaj matrix, int[] rows, int[] cols) {
        DMatrixRMaj part = new DMatrixRMaj(rows.length, cols.length);
        CommonOps_DDRM.extract(matrix, rows, rows.length, cols, cols.length, part);
        return part;
    }

    private static DMatrixRMaj solve(DMatrixRMaj system, DMatrixRMaj rightHandSide) {
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.symmPosDef(system.numRows);
        if (!cholesky.setA(system)) {
            throw new IllegalStateException("a principal block of the damped Hessian is not positive definite");
        }
        DMatrixRMaj solution = new DMatrixRMaj(system.numRows, 1);
        cholesky.solve(rightHandSide, solution);
        return solution;
    }

    @Override
    public String toString() {
        return "LayerObs[" + geometry.layer().name() + " " + Arrays.toString(geometry.layer().weight().dims()) + "]";
    }
}
