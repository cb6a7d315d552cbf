package io.cardeck.pruning.activations;

import org.ejml.data.DMatrixRMaj;

/**
 * What calibration images fed one layer: per group of output units, the mean square of each input
 * entry over every input vector (Wanda's norms, OWL's metric), and, when captured, the layer-wise
 * Hessian {@code H = (1/n) sum y y^T} over the (sub-sampled) input vectors, a 1 appended for the
 * bias (L-OBS). A layer without groups has one group.
 */
public final class LayerInputStatistics {

    private final LayerGeometry geometry;
    private final double[][] squareMeans;
    private final long vectors;
    private final DMatrixRMaj[] hessians;
    private final long hessianVectors;

    LayerInputStatistics(LayerGeometry geometry, double[][] squareMeans, long vectors, DMatrixRMaj[] hessians,
                         long hessianVectors) {
        this.geometry = geometry;
        this.squareMeans = squareMeans;
        this.vectors = vectors;
        this.hessians = hessians;
        this.hessianVectors = hessianVectors;
    }

    public LayerGeometry geometry() {
        return geometry;
    }

    /** Input vectors seen per group (images x patches, or rows). */
    public long vectors() {
        return vectors;
    }

    /** Input vectors in each Hessian (after sub-sampling); 0 when none was captured. */
    public long hessianVectors() {
        return hessianVectors;
    }

    public boolean hasHessians() {
        return hessians != null;
    }

    /** RMS of each input entry of group {@code group} over all input vectors: {@code fanIn} values. */
    public double[] inputRms(int group) {
        double[] rms = new double[geometry.fanIn()];
        for (int q = 0; q < rms.length; q++) {
            rms[q] = Math.sqrt(squareMeans[group][q]);
        }
        return rms;
    }

    /**
     * A copy of group {@code group}'s Hessian, {@code inputDimension() x inputDimension()}.
     *
     * @throws IllegalStateException if the capture did not compute Hessians
     */
    public DMatrixRMaj hessian(int group) {
        if (hessians == null) {
            throw new IllegalStateException(geometry.layer().name() + ": Hessians were not captured");
        }
        return hessians[group].copy();
    }
}
