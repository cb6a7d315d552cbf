package io.cardeck.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassificationAccumulatorTest {

    /** Four predictions, two in bin 13 (13/15, 14/15] and two in bin 8 (8/15, 9/15]; dyadic so floats are exact. */
    private static final float[] PROBABILITIES = {
        0.875f, 0.125f,     // label 0: correct, confidence 0.875
        0.09375f, 0.90625f, // label 0: wrong, confidence 0.90625
        0.4375f, 0.5625f,   // label 1: correct, confidence 0.5625
        0.59375f, 0.40625f, // label 1: wrong, confidence 0.59375
    };
    private static final int[] LABELS = {0, 0, 1, 1};
    private static final double EXPECTED_NLL = -(Math.log(0.875) + Math.log(0.09375) + Math.log(0.5625) + Math.log(0.40625)) / 4;
    // bin 13: accuracy 1/2, confidence (0.875 + 0.90625)/2 = 0.890625; bin 8: accuracy 1/2, confidence 0.578125
    private static final double EXPECTED_ECE = 0.5 * Math.abs(0.5 - 0.890625) + 0.5 * Math.abs(0.5 - 0.578125);

    @Test
    void scoresProbabilitiesOfAHandMadeExample() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(2);
        accumulator.addProbabilities(PROBABILITIES, LABELS);
        ClassificationMetrics metrics = accumulator.result();
        assertEquals(4, metrics.count());
        assertEquals(2, metrics.correct());
        assertEquals(0.5, metrics.accuracy());
        assertEquals(EXPECTED_NLL, metrics.meanNegativeLogLikelihood(), 1e-12);
        assertEquals(0.234375, EXPECTED_ECE, 0);
        assertEquals(EXPECTED_ECE, metrics.expectedCalibrationError(), 1e-12);

        assertEquals(15, metrics.calibrationBins().size());
        CalibrationBin high = metrics.calibrationBins().get(13);
        assertEquals(2, high.count());
        assertEquals(1, high.correct());
        assertEquals(0.5, high.accuracy());
        assertEquals(0.890625, high.confidence(), 1e-12);
        assertEquals(13.0 / 15, high.lower(), 1e-15);
        assertEquals(14.0 / 15, high.upper(), 1e-15);
        CalibrationBin low = metrics.calibrationBins().get(8);
        assertEquals(2, low.count());
        assertEquals(0.578125, low.confidence(), 1e-12);
        long others = metrics.calibrationBins().stream().filter(b -> b.index() != 13 && b.index() != 8)
                .mapToLong(CalibrationBin::count).sum();
        assertEquals(0, others);
    }

    @Test
    void logitsGiveTheSameScoresAsTheirProbabilities() {
        float[] logits = new float[PROBABILITIES.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) Math.log(PROBABILITIES[i]) + 3; // a shift does not change softmax
        }
        ClassificationAccumulator accumulator = new ClassificationAccumulator(2);
        accumulator.addLogits(logits, LABELS);
        ClassificationMetrics metrics = accumulator.result();
        assertEquals(0.5, metrics.accuracy());
        assertEquals(EXPECTED_NLL, metrics.meanNegativeLogLikelihood(), 1e-6);
        assertEquals(EXPECTED_ECE, metrics.expectedCalibrationError(), 1e-6);
        assertEquals(2, metrics.calibrationBins().get(13).count());
        assertEquals(2, metrics.calibrationBins().get(8).count());
    }

    @Test
    void largeLogitsGiveAFiniteExactLoss() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(2);
        // -log softmax_1([1000, 0]) = log(1 + e^-1000) + 1000 = 1000 in double precision
        accumulator.addLogits(new float[] {1000f, 0f}, new int[] {1});
        ClassificationMetrics metrics = accumulator.result();
        assertEquals(1000, metrics.meanNegativeLogLikelihood(), 1e-9);
        assertEquals(0, metrics.accuracy());
        // confidence 1 goes to the last bin, and the prediction is wrong
        assertEquals(1, metrics.calibrationBins().get(14).count());
        assertEquals(1.0, metrics.expectedCalibrationError(), 1e-12);
    }

    @Test
    void tiesPredictTheLowestClassIndex() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(3);
        accumulator.addLogits(new float[] {2f, 2f, 0f, 2f, 2f, 0f}, new int[] {0, 1});
        assertEquals(1, accumulator.result().correct());
    }

    @Test
    void zeroProbabilityOfTheTrueLabelIsFloored() {
        ClassificationAccumulator accumulator = new ClassificationAccumulator(2);
        accumulator.addProbabilities(new float[] {1f, 0f}, new int[] {1});
        assertEquals(-Math.log(1e-12), accumulator.result().meanNegativeLogLikelihood(), 1e-9);
    }

    @Test
    void binsAreHalfOpenOnTheLeft() {
        assertEquals(0, ClassificationAccumulator.calibrationBin(0));
        assertEquals(14, ClassificationAccumulator.calibrationBin(1));
        for (int b = 1; b < 15; b++) {
            double edge = b / 15.0;
            assertEquals(b - 1, ClassificationAccumulator.calibrationBin(edge), "edge " + b + "/15");
            assertEquals(b, ClassificationAccumulator.calibrationBin(Math.nextUp(edge)), "just above " + b + "/15");
            assertEquals(b - 1, ClassificationAccumulator.calibrationBin(Math.nextDown(edge)), "just below " + b + "/15");
        }
    }

    @Test
    void mergedAccumulatorsEqualOnePass() {
        Random random = new Random(11);
        int rows = 900;
        int classes = 10;
        float[] logits = new float[rows * classes];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = random.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                logits[r * classes + c] = (float) (random.nextGaussian() * 3 + (c == labels[r] ? 2 : 0));
            }
        }
        ClassificationAccumulator single = new ClassificationAccumulator(classes);
        single.addLogits(logits, labels);

        ClassificationAccumulator merged = new ClassificationAccumulator(classes);
        int[] cuts = {0, 100, 550, rows};
        for (int part = 0; part < 3; part++) {
            ClassificationAccumulator piece = new ClassificationAccumulator(classes);
            piece.addLogits(Arrays.copyOfRange(logits, cuts[part] * classes, cuts[part + 1] * classes),
                    Arrays.copyOfRange(labels, cuts[part], cuts[part + 1]));
            merged.merge(piece);
        }
        ClassificationMetrics a = single.result();
        ClassificationMetrics b = merged.result();
        assertEquals(a.count(), b.count());
        assertEquals(a.correct(), b.correct());
        assertEquals(a.accuracy(), b.accuracy());
        assertEquals(a.meanNegativeLogLikelihood(), b.meanNegativeLogLikelihood(), 1e-12);
        assertEquals(a.expectedCalibrationError(), b.expectedCalibrationError(), 1e-12);
        for (int bin = 0; bin < 15; bin++) {
            assertEquals(a.calibrationBins().get(bin).count(), b.calibrationBins().get(bin).count());
            assertEquals(a.calibrationBins().get(bin).correct(), b.calibrationBins().get(bin).correct());
            assertEquals(a.calibrationBins().get(bin).confidence(), b.calibrationBins().get(bin).confidence(), 1e-12);
        }

        // accuracy counted directly from the logits
        long correct = 0;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[r * classes + c] > logits[r * classes + best]) {
                    best = c;
                }
            }
            correct += best == labels[r] ? 1 : 0;
        }
        assertEquals(correct, a.correct());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> new ClassificationAccumulator(1));
        ClassificationAccumulator accumulator = new ClassificationAccumulator(3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> accumulator.addLogits(new float[5], new int[2]))
                .getMessage().contains("expected 2 x 3 classes = 6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> accumulator.addLogits(new float[6], new int[] {0, 3}))
                .getMessage().contains("label of row 1 is 3"));
        assertThrows(IllegalArgumentException.class, () -> accumulator.addLogits(new float[3], new int[] {-1}));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> accumulator.addLogits(new float[] {0f, 1f, 2f, 0f, Float.NaN, 0f}, new int[] {0, 0}))
                .getMessage().contains("row 1, class 1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> accumulator.addProbabilities(new float[] {0.5f, 0.6f, -0.1f}, new int[] {0}))
                .getMessage().contains("in [0, 1]"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> accumulator.addProbabilities(new float[] {1f, 0f, 0f, 0.5f, 0.4f, 0f}, new int[] {0, 0}))
                .getMessage().contains("row 1 sum to"));
        assertThrows(IllegalArgumentException.class,
                () -> accumulator.addProbabilities(new float[] {Float.NaN, 0.5f, 0.5f}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> accumulator.merge(new ClassificationAccumulator(4)));
        assertThrows(IllegalStateException.class, accumulator::result);
        assertEquals(0, accumulator.count(), "rejected batches must not be partly scored");
    }
}
