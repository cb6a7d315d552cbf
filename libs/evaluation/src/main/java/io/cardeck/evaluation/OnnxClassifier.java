package io.cardeck.evaluation;

import io.cardeck.data.ImageShape;
import io.cardeck.onnx.runtime.ModelSession;

/** A classifier served by one ONNX Runtime session with an NCHW image input. */
public final class OnnxClassifier implements BatchClassifier {

    private final ModelSession session;
    private final ImageShape inputShape;

    public OnnxClassifier(ModelSession session) {
        long[] sample = session.sampleShape();
        if (sample.length != 3 || sample[0] < 1 || sample[1] < 1 || sample[2] < 1) {
            throw new IllegalArgumentException(session.sourceName() + ": input " + session.inputName() + " has sample shape "
                    + java.util.Arrays.toString(sample) + "; an image classifier takes [N, C, H, W] with fixed C, H, W");
        }
        this.session = session;
        this.inputShape = new ImageShape((int) sample[0], (int) sample[1], (int) sample[2]);
    }

    @Override
    public ImageShape inputShape() {
        return inputShape;
    }

    @Override
    public float[] logits(float[] images, int batchSize) {
        return session.run(images, batchSize).values();
    }
}
