package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.TorchEngine;
import org.junit.jupiter.api.Test;

/** The loss against torch's formulas written out by hand. */
class ClassificationLossTest {

    private static final double LOG_SUM = Math.log(1 + Math.exp(-1) + Math.exp(-2));

    private static double loss(ClassificationLoss loss, double[] logits, long[] labels) {
        try (NDManager manager = TorchEngine.newManager()) {
            NDArray values = manager.create(logits, new Shape(logits.length / 3, 3));
            return loss.compute(values, manager.create(labels)).getDouble();
        }
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheLabel() {
        // Row [1, 2, 3] with label 2 and row [1, 0, -1] with label 0 both lose log(1 + e^-1 + e^-2).
        double[] logits = {1, 2, 3, 1, 0, -1};
        assertEquals(LOG_SUM, loss(ClassificationLoss.crossEntropy(), logits, new long[] {2, 0}), 1e-12);
        // Label 0 in the first row: -log softmax = 2 + LOG_SUM.
        assertEquals((2 + LOG_SUM + LOG_SUM) / 2, loss(ClassificationLoss.crossEntropy(), logits, new long[] {0, 0}),
                1e-12);
    }

    @Test
    void labelSmoothingMixesInTheMeanOverClasses() {
        // torch: (1 - eps) * nll + eps * mean_k(-log p_k); per row -log p = {2, 1, 0} + LOG_SUM.
        double expected = 0.9 * LOG_SUM + 0.1 * (1 + LOG_SUM);
        assertEquals(expected, loss(ClassificationLoss.crossEntropy().withLabelSmoothing(0.1),
                new double[] {1, 2, 3, 1, 0, -1}, new long[] {2, 0}), 1e-12);
    }

    @Test
    void gradientWithSmoothingIsSoftmaxMinusTargetOverBatch() {
        double[] logits = {0.3, -1.2, 2.0, 0.5, 0.5, -0.7};
        long[] labels = {1, 2};
        double epsilon = 0.2;
        try (NDManager manager = TorchEngine.newManager(); GradMode on = GradMode.enabled()) {
            NDArray values = manager.create(logits, new Shape(2, 3));
            values.setRequiresGradient(true);
            Autograd.backward(ClassificationLoss.crossEntropy().withLabelSmoothing(epsilon)
                    .compute(values, manager.create(labels)));
            double[] gradient = values.getGradient().toDoubleArray();
            for (int row = 0; row < 2; row++) {
                double[] p = softmax(logits, row);
                for (int k = 0; k < 3; k++) {
                    double target = (k == labels[row] ? 1 - epsilon : 0) + epsilon / 3;
                    assertEquals((p[k] - target) / 2, gradient[row * 3 + k], 1e-12);
                }
            }
        }
    }

    @Test
    void jensenShannonConsistencyAsInAugMix() {
        // Two examples, three views each, laid out view after view.
        double[] logits = {
            1, 2, 3, 0.5, 0, -1,        // clean
            0.8, 2.5, 2, 0, 0.3, -0.2,  // augmented 1
            1.5, 1, 3.5, 1, -0.5, 0};   // augmented 2
        long[] labels = {2, 0};
        double crossEntropy = (-Math.log(softmax(logits, 0)[2]) - Math.log(softmax(logits, 1)[0])) / 2;
        double divergence = 0;
        for (int example = 0; example < 2; example++) {
            double[][] p = {softmax(logits, example), softmax(logits, 2 + example), softmax(logits, 4 + example)};
            for (int k = 0; k < 3; k++) {
                double mixture = Math.min(1, Math.max(1e-7, (p[0][k] + p[1][k] + p[2][k]) / 3));
                for (double[] view : p) {
                    divergence += view[k] * (Math.log(view[k]) - Math.log(mixture)) / 2;
                }
            }
        }
        double expected = crossEntropy + 12 * divergence / 3;
        ClassificationLoss loss = ClassificationLoss.crossEntropy().withConsistency(ClassificationLoss.AUGMIX_CONSISTENCY_WEIGHT);
        assertEquals(3, loss.views());
        assertEquals(expected, loss(loss, logits, labels), 1e-12);
    }

    @Test
    void invalidSettingsAndShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ClassificationLoss(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new ClassificationLoss(0, -1));
        ClassificationLoss consistency = ClassificationLoss.crossEntropy().withConsistency(12);
        assertThrows(IllegalArgumentException.class,
                () -> loss(consistency, new double[] {1, 2, 3, 1, 0, -1}, new long[] {2, 0}));
    }

    private static double[] softmax(double[] logits, int row) {
        double max = Math.max(logits[row * 3], Math.max(logits[row * 3 + 1], logits[row * 3 + 2]));
        double[] p = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            p[k] = Math.exp(logits[row * 3 + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < 3; k++) {
            p[k] /= sum;
        }
        return p;
    }
}
