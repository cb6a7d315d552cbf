package io.cardeck.pruning.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.LayerOutputs;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.RandomImages;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The layer inputs captured through ONNX Runtime, against im2col patches built here from the
 * images (first conv) and from ONNX Runtime's own value of the second conv's input: stride,
 * padding, dilation, groups and auto_pad as the layers have them.
 */
class LayerInputsTest {

    private static final ImageShape SHAPE = new ImageShape(3, 5, 6);
    private static final ImageDataset IMAGES = RandomImages.of(SHAPE, 12, 3, 3);

    /**
     * x [N, 3, 5, 6] -> conv1 (6 @ 1x3x2, groups 3, strides 2,1, pads 1,0,1,1, dilations 1,2, bias) [N, 6, 3, 5]
     * -> Relu -> conv2 (2 @ 6x2x2, auto_pad SAME_UPPER, no bias) [N, 2, 3, 5].
     */
    static OnnxModel convs() {
        SplittableRandom random = new SplittableRandom(2);
        float[] w1 = new float[6 * 1 * 3 * 2];
        float[] w2 = new float[2 * 6 * 2 * 2];
        for (int i = 0; i < w1.length; i++) {
            w1[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < w2.length; i++) {
            w2[i] = (float) random.nextGaussian();
        }
        return GraphBuilder.named("convs")
                .input("x", GraphBuilder.BATCH, 3, 5, 6)
                .initializer("conv1.weight", new long[] {6, 1, 3, 2}, w1)
                .initializer("conv1.bias", new long[] {6}, new float[] {0.1f, 0, 0, 0.2f, 0, -0.1f})
                .initializer("conv2.weight", new long[] {2, 6, 2, 2}, w2)
                .node("conv1", "Conv", List.of("x", "conv1.weight", "conv1.bias"), "c1",
                        NodeAttribute.ofInt("group", 3), NodeAttribute.ofInts("strides", 2, 1),
                        NodeAttribute.ofInts("pads", 1, 0, 1, 1), NodeAttribute.ofInts("dilations", 1, 2))
                .node("relu", "Relu", List.of("c1"), "r")
                .node("conv2", "Conv", List.of("r", "conv2.weight"), "c2", NodeAttribute.ofString("auto_pad", "SAME_UPPER"))
                .output("c2", GraphBuilder.BATCH, 2, 3, 5)
                .build();
    }

    /** Patches of one image's input [c, h, w], as ONNX defines Conv, for the units of group {@code group}. */
    private static double[][] patches(float[] input, int channels, int height, int width, int groups, int group,
                                      int[] kernel, int[] strides, int[] pads, int[] dilations, boolean bias) {
        int groupChannels = channels / groups;
        int outH = (height + pads[0] + pads[2] - dilations[0] * (kernel[0] - 1) - 1) / strides[0] + 1;
        int outW = (width + pads[1] + pads[3] - dilations[1] * (kernel[1] - 1) - 1) / strides[1] + 1;
        int dimension = groupChannels * kernel[0] * kernel[1] + (bias ? 1 : 0);
        double[][] rows = new double[outH * outW][dimension];
        for (int oh = 0; oh < outH; oh++) {
            for (int ow = 0; ow < outW; ow++) {
                double[] row = rows[oh * outW + ow];
                int q = 0;
                for (int c = group * groupChannels; c < (group + 1) * groupChannels; c++) {
                    for (int i = 0; i < kernel[0]; i++) {
                        for (int j = 0; j < kernel[1]; j++) {
                            int y = oh * strides[0] + i * dilations[0] - pads[0];
                            int x = ow * strides[1] + j * dilations[1] - pads[1];
                            row[q++] = y >= 0 && y < height && x >= 0 && x < width ? input[(c * height + y) * width + x] : 0;
                        }
                    }
                }
                if (bias) {
                    row[q] = 1;
                }
            }
        }
        return rows;
    }

    private record Reference(double[][] hessian, double[] rms, long vectors) {}

    private static Reference reference(float[] inputs, int channels, int height, int width, int groups, int group,
                                       int[] kernel, int[] strides, int[] pads, int[] dilations, boolean bias) {
        int perImage = channels * height * width;
        double[][] h = null;
        double[] squares = null;
        long vectors = 0;
        for (int n = 0; n < IMAGES.size(); n++) {
            float[] image = java.util.Arrays.copyOfRange(inputs, n * perImage, (n + 1) * perImage);
            for (double[] row : patches(image, channels, height, width, groups, group, kernel, strides, pads, dilations, bias)) {
                if (h == null) {
                    h = new double[row.length][row.length];
                    squares = new double[row.length];
                }
                for (int a = 0; a < row.length; a++) {
                    squares[a] += row[a] * row[a];
                    for (int b = 0; b < row.length; b++) {
                        h[a][b] += row[a] * row[b];
                    }
                }
                vectors++;
            }
        }
        int fanIn = bias ? squares.length - 1 : squares.length;
        double[] rms = new double[fanIn];
        for (int a = 0; a < h.length; a++) {
            for (int b = 0; b < h.length; b++) {
                h[a][b] /= vectors;
            }
        }
        for (int q = 0; q < fanIn; q++) {
            rms[q] = Math.sqrt(squares[q] / vectors);
        }
        return new Reference(h, rms, vectors);
    }

    private static void assertHessian(double[][] expected, DMatrixRMaj actual, String what) {
        assertEquals(expected.length, actual.numRows, what);
        for (int a = 0; a < expected.length; a++) {
            for (int b = 0; b < expected.length; b++) {
                assertEquals(expected[a][b], actual.get(a, b), 1e-5 * (1 + Math.abs(expected[a][b])), what + " at " + a + "," + b);
            }
        }
    }

    @Test
    void conv2dPatchesFollowStridePaddingDilationGroupsAndAutoPad() {
        OnnxModel model = convs();
        List<PrunableLayer> layers = PrunableLayers.of(model);
        List<LayerGeometry> geometries = layers.stream().map(layer -> LayerGeometry.of(model, layer)).toList();
        LayerInputs.Capture capture = LayerInputs.capture(model, geometries, IMAGES, new LayerInputs.Options(true, 0, 0, 5),
                (fraction, message) -> { }, () -> { });

        LayerInputStatistics first = capture.statistics().get(0);
        float[] pixels = IMAGES.images(0, IMAGES.size());
        for (int group = 0; group < 3; group++) {
            Reference expected = reference(pixels, 3, 5, 6, 3, group, new int[] {3, 2}, new int[] {2, 1},
                    new int[] {1, 0, 1, 1}, new int[] {1, 2}, true);
            assertHessian(expected.hessian(), first.hessian(group), "conv1 group " + group);
            assertArrayEquals(expected.rms(), first.inputRms(group), 1e-6);
            assertEquals(expected.vectors(), first.vectors());
            assertEquals(expected.vectors(), first.hessianVectors());
        }

        LayerInputStatistics second = capture.statistics().get(1);
        float[] relu = LayerOutputs.of(model, "r", IMAGES);
        // SAME_UPPER on 3 x 5 with a 2 x 2 kernel, stride 1: one row and one column of padding, at the end.
        Reference expected = reference(relu, 6, 3, 5, 1, 0, new int[] {2, 2}, new int[] {1, 1}, new int[] {0, 0, 1, 1},
                new int[] {1, 1}, false);
        assertHessian(expected.hessian(), second.hessian(0), "conv2");
        assertArrayEquals(expected.rms(), second.inputRms(0), 1e-6);
        assertEquals(IMAGES.size() * 15L, second.vectors());
    }

    @Test
    void subsamplingTakesThatManyPatchesPerImageIntoTheHessianButNormsUseAll() {
        OnnxModel model = convs();
        List<LayerGeometry> geometries = PrunableLayers.of(model).stream().map(layer -> LayerGeometry.of(model, layer)).toList();
        LayerInputs.Capture all = LayerInputs.capture(model, geometries, IMAGES, new LayerInputs.Options(true, 0, 0, 5),
                (fraction, message) -> { }, () -> { });
        LayerInputs.Capture sampled = LayerInputs.capture(model, geometries, IMAGES, new LayerInputs.Options(true, 4, 9, 5),
                (fraction, message) -> { }, () -> { });
        for (int l = 0; l < 2; l++) {
            LayerInputStatistics full = all.statistics().get(l);
            LayerInputStatistics some = sampled.statistics().get(l);
            assertEquals(IMAGES.size() * 4L, some.hessianVectors());
            assertEquals(full.vectors(), some.vectors());
            assertArrayEquals(full.inputRms(0), some.inputRms(0), 0);
            assertFalse(MatrixFeatures_DDRM.isIdentical(full.hessian(0), some.hessian(0), 1e-9), "a sample of patches gives another Hessian");
        }
        LayerInputs.Capture again = LayerInputs.capture(model, geometries, IMAGES, new LayerInputs.Options(true, 4, 9, 5),
                (fraction, message) -> { }, () -> { });
        assertTrue(MatrixFeatures_DDRM.isIdentical(sampled.statistics().get(1).hessian(0), again.statistics().get(1).hessian(0), 0),
                "the same seed samples the same patches");
    }

    @Test
    void unsupportedLayersAreNamed() {
        OnnxModel model = GraphBuilder.named("gemm-transA")
                .input("x", GraphBuilder.BATCH, 2)
                .initializer("w", new long[] {2, 2}, new float[] {1, 2, 3, 4})
                .node("fc", "Gemm", List.of("x", "w"), "y", NodeAttribute.ofInt("transA", 1))
                .output("y", GraphBuilder.BATCH, 2)
                .build();
        io.cardeck.pruning.InvalidParameterException error = org.junit.jupiter.api.Assertions.assertThrows(
                io.cardeck.pruning.InvalidParameterException.class, () -> LayerGeometry.of(model, PrunableLayers.of(model).get(0)));
        assertEquals("layer fc is a Gemm with transA = 1; layer-wise pruning handles Gemm (transA = 0), MatMul with a 2-D"
                + " weight and 2-D Conv; keep it dense with keepDense", error.getMessage());
    }
}
