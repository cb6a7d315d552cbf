package io.cardeck.zoo;

import io.cardeck.onnx.OnnxModel;
import java.util.List;

/**
 * The CIFAR-style ResNet-20 of He et al. (2016, section 4.2) with a width multiplier w: a 3x3
 * conv of 16w channels, then three stages of three basic blocks with 16w, 32w and 64w channels
 * (the first block of stages 2 and 3 has stride 2), global average pooling and a dense layer.
 * A block is conv3x3-BN-ReLU-conv3x3-BN plus its shortcut, then Add and ReLU.
 *
 * <p>Where a block changes shape its shortcut is a projection, 1x1 conv stride 2 + BN (the
 * paper's option B), not option A's subsampled identity padded with zero channels: with option B
 * every residual sum joins two conv+BN outputs, so structured pruning removes channels from both
 * sides alike instead of also rewriting pad amounts. The cost is 2,752 more trainable parameters
 * at w = 1 (272,474 against 0.27 M, about 1%). Convs have no bias because a BN follows each one.
 */
final class ResNet20 implements Architecture {

    private static final int BLOCKS_PER_STAGE = 3;

    @Override
    public String name() {
        return "resnet20";
    }

    @Override
    public String description() {
        return "CIFAR-style ResNet-20 (He et al. 2016) with width multiplier, 16w/32w/64w channels,"
                + " projection shortcuts (option B: 1x1 conv + BN) where the shape changes";
    }

    @Override
    public boolean hasWidth() {
        return true;
    }

    /** 4: the two stride-2 stages then work on 2x2 and 1x1 maps. */
    @Override
    public int minimumSide() {
        return 4;
    }

    @Override
    public OnnxModel build(ArchitectureSpec spec, String dataset, List<String> labels) {
        LayerGraph g = LayerGraph.start(this, spec, dataset, labels);
        int base = 16 * spec.width();
        LayerGraph.FeatureMap x = g.normalisedInput();
        x = g.relu("stem.relu", g.batchNorm("stem.bn", g.conv("stem.conv", x, base, 3, 1, 1, false)));
        for (int stage = 1; stage <= 3; stage++) {
            int channels = base << (stage - 1);
            for (int block = 0; block < BLOCKS_PER_STAGE; block++) {
                int stride = stage > 1 && block == 0 ? 2 : 1;
                x = basicBlock(g, "stage" + stage + ".block" + block, x, channels, stride);
            }
        }
        LayerGraph.Features f = g.flatten("flatten", g.globalAveragePool("pool", x));
        return g.logits("fc", f);
    }

    private static LayerGraph.FeatureMap basicBlock(LayerGraph g, String prefix, LayerGraph.FeatureMap x,
                                                    int channels, int stride) {
        LayerGraph.FeatureMap residual = g.relu(prefix + ".relu1",
                g.batchNorm(prefix + ".bn1", g.conv(prefix + ".conv1", x, channels, 3, stride, 1, false)));
        residual = g.batchNorm(prefix + ".bn2", g.conv(prefix + ".conv2", residual, channels, 3, 1, 1, false));
        LayerGraph.FeatureMap shortcut = x;
        if (stride != 1 || x.channels() != channels) {
            shortcut = g.batchNorm(prefix + ".shortcut.bn",
                    g.conv(prefix + ".shortcut.conv", x, channels, 1, stride, 0, false));
        }
        return g.relu(prefix + ".relu2", g.add(prefix + ".add", residual, shortcut));
    }
}
