package io.cardeck.zoo;

import io.cardeck.onnx.OnnxModel;
import java.util.List;

/**
 * LeNet-5 in its modern form: ReLU and max pooling in place of LeCun et al.'s (1998) scaled tanh
 * and trainable sub-sampling, and a plain dense output instead of RBF units. Conv 6@5x5 pad 2,
 * ReLU, MaxPool 2, Conv 16@5x5, ReLU, MaxPool 2, Flatten, Dense 120, ReLU, Dense 84, ReLU,
 * Dense classes. The first dense layer's input size follows the image size (400 for 28x28, 576 for 32x32).
 */
final class LeNet5 implements Architecture {

    @Override
    public String name() {
        return "lenet5";
    }

    @Override
    public String description() {
        return "LeNet-5, modern form (ReLU, max pooling): conv 6@5x5 pad 2, pool, conv 16@5x5, pool, dense 120, 84, classes";
    }

    @Override
    public boolean hasWidth() {
        return false;
    }

    /** 12: the second 5x5 conv and pooling need a 6x6 map after the first pooling. */
    @Override
    public int minimumSide() {
        return 12;
    }

    @Override
    public OnnxModel build(ArchitectureSpec spec, String dataset, List<String> labels) {
        LayerGraph g = LayerGraph.start(this, spec, dataset, labels);
        LayerGraph.FeatureMap x = g.normalisedInput();
        x = g.maxPool("pool1", g.relu("relu1", g.conv("conv1", x, 6, 5, 1, 2, true)));
        x = g.maxPool("pool2", g.relu("relu2", g.conv("conv2", x, 16, 5, 1, 0, true)));
        LayerGraph.Features f = g.flatten("flatten", x);
        f = g.relu("relu3", g.dense("fc1", f, 120));
        f = g.relu("relu4", g.dense("fc2", f, 84));
        return g.logits("fc3", f);
    }
}
