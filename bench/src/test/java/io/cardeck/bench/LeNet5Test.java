package io.cardeck.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeNet5Test {

    private static final ImageShape GRAY = new ImageShape(1, 28, 28);

    @Test
    void hasTheLayersOfLeNet5() {
        OnnxGraph graph = LeNet5.build(GRAY, 10, 0).graph();

        assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm",
                "Relu", "Gemm"), graph.nodes().stream().map(OnnxNode::opType).toList());
    }

    @Test
    void has61706ParametersOn28x28And83126On3x32x32() {
        // the known count of LeNet-5 with a padded first convolution on 28x28: 156 + 2,416 + 48,120 + 10,164 + 850
        assertEquals(61_706, parameters(LeNet5.build(GRAY, 10, 0)));
        // 3 input channels and a 6x6 map before the first Gemm: 456 + 2,416 + (576 x 120 + 120) + 10,164 + 850
        assertEquals(83_126, parameters(LeNet5.build(new ImageShape(3, 32, 32), 10, 0)));
    }

    private static long parameters(OnnxModel model) {
        OnnxGraph graph = model.graph();
        return graph.initializerNames().stream().mapToLong(name -> graph.floatInitializer(name).data().length).sum();
    }

    @Test
    void onnxRuntimeGivesWhatADirectComputationOfTheLayersGives() {
        OnnxModel model = LeNet5.build(GRAY, 10, 7);
        OnnxGraph graph = model.graph();
        SplittableRandom random = new SplittableRandom(1);
        float[] images = new float[2 * 784];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }

        Logits logits;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            logits = session.run(images, 2);
        }

        assertEquals(2, logits.rows());
        assertEquals(10, logits.cols());
        for (int n = 0; n < 2; n++) {
            float[] image = Arrays.copyOfRange(images, n * 784, (n + 1) * 784);
            float[] expected = reference(graph, image);
            for (int k = 0; k < 10; k++) {
                assertEquals(expected[k], logits.get(n, k), 1e-4, "image " + n + " class " + k);
            }
        }
    }

    /** LeNet-5 written out loop by loop from the layer definitions. */
    private static float[] reference(OnnxGraph graph, float[] image) {
        float[] conv1 = conv(image, 1, 28, 28, weights(graph, "conv1.weight"), weights(graph, "conv1.bias"), 6, 2);
        float[] pool1 = maxPool(relu(conv1), 6, 28, 28);
        float[] conv2 = conv(pool1, 6, 14, 14, weights(graph, "conv2.weight"), weights(graph, "conv2.bias"), 16, 0);
        float[] pool2 = maxPool(relu(conv2), 16, 10, 10);
        float[] fc1 = relu(dense(pool2, weights(graph, "fc1.weight"), weights(graph, "fc1.bias"), 120));
        float[] fc2 = relu(dense(fc1, weights(graph, "fc2.weight"), weights(graph, "fc2.bias"), 84));
        return dense(fc2, weights(graph, "fc3.weight"), weights(graph, "fc3.bias"), 10);
    }

    private static float[] weights(OnnxGraph graph, String name) {
        return graph.floatInitializer(name).data();
    }

    private static float[] conv(float[] in, int channels, int height, int width, float[] w, float[] b, int filters, int pad) {
        int outH = height + 2 * pad - 4;
        int outW = width + 2 * pad - 4;
        float[] out = new float[filters * outH * outW];
        for (int f = 0; f < filters; f++) {
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    double sum = b[f];
                    for (int c = 0; c < channels; c++) {
                        for (int ky = 0; ky < 5; ky++) {
                            for (int kx = 0; kx < 5; kx++) {
                                int iy = y + ky - pad;
                                int ix = x + kx - pad;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width) {
                                    sum += (double) w[((f * channels + c) * 5 + ky) * 5 + kx] * in[(c * height + iy) * width + ix];
                                }
                            }
                        }
                    }
                    out[(f * outH + y) * outW + x] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] maxPool(float[] in, int channels, int height, int width) {
        float[] out = new float[channels * (height / 2) * (width / 2)];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height / 2; y++) {
                for (int x = 0; x < width / 2; x++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int dy = 0; dy < 2; dy++) {
                        for (int dx = 0; dx < 2; dx++) {
                            max = Math.max(max, in[(c * height + 2 * y + dy) * width + 2 * x + dx]);
                        }
                    }
                    out[(c * (height / 2) + y) * (width / 2) + x] = max;
                }
            }
        }
        return out;
    }

    private static float[] relu(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(0, values[i]);
        }
        return out;
    }

    /** {@code w} holds one row of inputs per output (the transB layout). */
    private static float[] dense(float[] in, float[] w, float[] b, int outputs) {
        float[] out = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            double sum = b[o];
            for (int i = 0; i < in.length; i++) {
                sum += (double) w[o * in.length + i] * in[i];
            }
            out[o] = (float) sum;
        }
        return out;
    }

    @Test
    void weightsComeFromTheSeed() {
        float[] a = LeNet5.build(GRAY, 10, 3).graph().floatInitializer("fc1.weight").data();
        float[] b = LeNet5.build(GRAY, 10, 3).graph().floatInitializer("fc1.weight").data();
        float[] c = LeNet5.build(GRAY, 10, 4).graph().floatInitializer("fc1.weight").data();

        assertArrayEquals(a, b);
        assertTrue(a[0] != c[0] || a[1] != c[1]);
        // uniform in +-1/sqrt(400)
        for (float v : a) {
            assertTrue(Math.abs(v) <= 0.05f, "weight " + v);
        }
    }

    @Test
    void rejectsImagesTooSmallForTwoConvolutionsAndPoolings() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> LeNet5.build(new ImageShape(1, 11, 11), 10, 0)).getMessage();

        assertTrue(message.contains("at least 12x12"), message);
        assertThrows(IllegalArgumentException.class, () -> LeNet5.build(GRAY, 1, 0));
    }
}
