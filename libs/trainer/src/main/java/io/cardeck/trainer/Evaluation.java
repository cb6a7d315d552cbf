package io.cardeck.trainer;

/**
 * Accuracy and mean cross-entropy (no smoothing) of a model on a labelled set, in inference mode.
 *
 * @param images images evaluated
 * @param correct images whose top-1 prediction matched the label
 * @param loss mean cross-entropy
 */
public record Evaluation(int images, int correct, double loss) {

    public double accuracy() {
        return images == 0 ? 0 : (double) correct / images;
    }
}
