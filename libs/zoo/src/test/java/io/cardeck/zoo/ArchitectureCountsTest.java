package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.count.ModelStatistics;
import org.junit.jupiter.api.Test;

/**
 * Parameter counts (every float initializer: weights, biases, BN scale/shift/running statistics;
 * the input normalisation is held in Constant nodes, not counted) and MACs against closed-form formulas.
 */
class ArchitectureCountsTest {

    @Test
    void lenet5ParametersAndMacsMatchTheFormula() {
        // Hand count for 1x28x28, 10 classes: 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 parameters;
        // 117,600 + 240,000 + 48,000 + 10,080 + 840 = 416,520 MACs.
        assertEquals(61_706, lenetParameters(1, 28, 10));
        assertEquals(416_520, lenetMacs(1, 28, 10));
        for (int[] shape : new int[][] {{1, 28, 10}, {3, 32, 10}, {1, 32, 4}, {3, 28, 2}}) {
            ModelStatistics statistics = statistics("lenet5", shape[0], shape[1], shape[2], 1);
            assertEquals(lenetParameters(shape[0], shape[1], shape[2]), statistics.parameters());
            assertEquals(lenetMacs(shape[0], shape[1], shape[2]), statistics.macs());
        }
    }

    @Test
    void resnet20ParametersMatchTheFormulaForWidthOneAndTwo() {
        // Hand count, see resnet20Parameters: each BatchNorm adds its scale and shift (running statistics are state).
        assertEquals(272_474, resnet20Parameters(3, 10, 1));
        assertEquals(resnet20Parameters(3, 10, 1), statistics("resnet20", 3, 32, 10, 1).parameters());
        assertEquals(resnet20Parameters(1, 10, 1), statistics("resnet20", 1, 28, 10, 1).parameters());
        assertEquals(resnet20Parameters(3, 10, 2), statistics("resnet20", 3, 32, 10, 2).parameters());
        assertEquals(resnet20Parameters(1, 7, 2), statistics("resnet20", 1, 28, 7, 2).parameters());
    }

    @Test
    void resnet20WithoutProjectionShortcutsHasThePublished027MillionParameters() {
        // He et al. (2016), Table 6: ResNet-20 (option A shortcuts) has 0.27 M parameters. Take the
        // option-B graph's trainable values (no running statistics) and
        // leave out the two projection shortcuts (conv + BN scale/shift).
        OnnxModel model = Architectures.byName("resnet20").build(
                new ArchitectureSpec("resnet20", new ImageShape(3, 32, 32), 10, 1, 0, Normalization.CIFAR10),
                "cifar10", ClassNames.CIFAR10);
        OnnxGraph graph = model.graph();
        long trainable = 0;
        long shortcuts = 0;
        for (String name : graph.initializerNames()) {
            if (name.contains("running_")) {
                continue;
            }
            long size = graph.floatInitializer(name).data().length;
            trainable += size;
            if (name.contains(".shortcut.")) {
                shortcuts += size;
            }
        }
        assertEquals(272_474, trainable);
        assertEquals(512 + 64 + 2_048 + 128, shortcuts);
        assertEquals(0.27, Math.round((trainable - shortcuts) / 1e4) / 100.0);
    }

    @Test
    void vggSmallParametersMatchTheFormula() {
        for (int[] shape : new int[][] {{1, 28, 10, 1}, {3, 32, 10, 1}, {3, 32, 5, 2}}) {
            ModelStatistics statistics = statistics("vgg-small", shape[0], shape[1], shape[2], shape[3]);
            assertEquals(vggSmallParameters(shape[0], shape[2], shape[3]), statistics.parameters());
        }
    }

    private static ModelStatistics statistics(String architecture, int channels, int side, int classes, int width) {
        ImageShape shape = new ImageShape(channels, side, side);
        ArchitectureSpec spec = new ArchitectureSpec(architecture, shape, classes, width, 1, Normalization.defaultFor(channels));
        OnnxModel model = Architectures.byName(architecture).build(spec, "d", ClassNames.numbered(classes));
        return ModelStatistics.of(model, channels, side, side);
    }

    private static long lenetParameters(long c, long side, long classes) {
        long last = (side / 2 - 4) / 2;
        return (c * 25 * 6 + 6) + (6 * 25 * 16 + 16) + (16 * last * last * 120 + 120) + (120 * 84 + 84)
                + (84 * classes + classes);
    }

    private static long lenetMacs(long c, long side, long classes) {
        long second = side / 2 - 4;
        long last = second / 2;
        return 6 * c * 25 * side * side + 16 * 6 * 25 * second * second + 16 * last * last * 120 + 120 * 84 + 84 * classes;
    }

    /**
     * Option-B ResNet-20 with a = 16w, b = 32w, d = 64w; a BN of n channels holds 2n parameters
     * (scale and shift; its running statistics are state). For C = 3, 10 classes, w = 1: stem 432 + 32,
     * stage 1 3 x 4,672, stage 2 14,528 + 2 x 18,560, stage 3 57,728 + 2 x 73,984 (shortcuts in the
     * first block of each), dense 650: 272,474.
     */
    private static long resnet20Parameters(long c, long classes, long w) {
        long a = 16 * w;
        long b = 32 * w;
        long d = 64 * w;
        long stem = 9 * c * a + 2 * a;
        long stage1 = 3 * (2 * 9 * a * a + 2 * 2 * a);
        long stage2 = (9 * a * b + 9 * b * b + 2 * 2 * b) + (a * b + 2 * b) + 2 * (2 * 9 * b * b + 2 * 2 * b);
        long stage3 = (9 * b * d + 9 * d * d + 2 * 2 * d) + (b * d + 2 * d) + 2 * (2 * 9 * d * d + 2 * 2 * d);
        return stem + stage1 + stage2 + stage3 + (d * classes + classes);
    }

    private static long vggSmallParameters(long c, long classes, long w) {
        long[] channels = {c, 32 * w, 32 * w, 64 * w, 64 * w, 128 * w, 128 * w};
        long total = 0;
        for (int i = 1; i < channels.length; i++) {
            total += 9 * channels[i - 1] * channels[i] + 2 * channels[i];
        }
        return total + 128 * w * classes + classes;
    }
}
