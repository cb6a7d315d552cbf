package io.cardeck.zoo;

import io.cardeck.onnx.OnnxModel;
import java.util.List;

/**
 * A small VGG with batch norm: [32, 32, M, 64, 64, M, 128, 128, M] times the width multiplier,
 * each number a 3x3 conv (pad 1, no bias) + BN + ReLU and each M a 2x2 max pooling; then global
 * average pooling and a dense layer onto the classes.
 */
final class VggSmall implements Architecture {

    private static final int[] STAGE_CHANNELS = {32, 64, 128};
    private static final int CONVS_PER_STAGE = 2;

    @Override
    public String name() {
        return "vgg-small";
    }

    @Override
    public String description() {
        return "small VGG with BN: [32, 32, M, 64, 64, M, 128, 128, M] x width, 3x3 convs, global average pooling, dense";
    }

    @Override
    public boolean hasWidth() {
        return true;
    }

    /** 8: three 2x2 poolings leave a 1x1 map. */
    @Override
    public int minimumSide() {
        return 8;
    }

    @Override
    public OnnxModel build(ArchitectureSpec spec, String dataset, List<String> labels) {
        LayerGraph g = LayerGraph.start(this, spec, dataset, labels);
        LayerGraph.FeatureMap x = g.normalisedInput();
        for (int stage = 0; stage < STAGE_CHANNELS.length; stage++) {
            String prefix = "block" + (stage + 1);
            for (int conv = 1; conv <= CONVS_PER_STAGE; conv++) {
                x = g.conv(prefix + ".conv" + conv, x, STAGE_CHANNELS[stage] * spec.width(), 3, 1, 1, false);
                x = g.relu(prefix + ".relu" + conv, g.batchNorm(prefix + ".bn" + conv, x));
            }
            x = g.maxPool(prefix + ".pool", x);
        }
        LayerGraph.Features f = g.flatten("flatten", g.globalAveragePool("pool", x));
        return g.logits("classifier", f);
    }
}
