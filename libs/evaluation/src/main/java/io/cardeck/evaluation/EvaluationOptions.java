package io.cardeck.evaluation;

/**
 * How to evaluate.
 *
 * @param batchSize      images per inference call
 * @param samplesPerCell images used from the clean set and from each corruption x severity cell
 *                       (the first ones, so every cell sees the same images); 0 means all
 */
public record EvaluationOptions(int batchSize, int samplesPerCell) {

    public static final int MAX_BATCH_SIZE = 4096;

    public EvaluationOptions {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be in 1.." + MAX_BATCH_SIZE + ", got " + batchSize);
        }
        if (samplesPerCell < 0) {
            throw new IllegalArgumentException("samples per cell must be >= 0 (0 = all), got " + samplesPerCell);
        }
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions(128, 0);
    }

    int samplesOf(int available) {
        return samplesPerCell == 0 ? available : Math.min(samplesPerCell, available);
    }
}
