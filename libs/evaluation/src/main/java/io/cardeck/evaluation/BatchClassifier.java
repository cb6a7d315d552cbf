package io.cardeck.evaluation;

import io.cardeck.data.ImageShape;

/** Something that classifies a batch of images: one ONNX model, or later a deck of them. */
public interface BatchClassifier {

    /** The image shape the classifier accepts (C, H, W). */
    ImageShape inputShape();

    /** Logits (or log-probabilities) for {@code batchSize} NCHW images, row after row. */
    float[] logits(float[] images, int batchSize);
}
