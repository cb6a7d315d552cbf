package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import org.junit.jupiter.api.Test;

/**
 * ONNX Runtime against a direct Java ResNet-20 forward on an 8x8 gray image (maps of 8x8, 4x4,
 * 2x2): checks strides, pads, shortcuts and that freshly initialised BN is x / sqrt(1 + eps),
 * which the reference applies without reading the BN parameters.
 */
class ResNet20ReferenceTest {

    private static final double FRESH_BATCH_NORM = 1 / Math.sqrt(1 + 1e-5);

    @Test
    void onnxRuntimeAgreesWithADirectForward() {
        int classes = 5;
        Normalization normalisation = new Normalization(new float[] {0.5f}, new float[] {0.25f});
        ArchitectureSpec spec = new ArchitectureSpec("resnet20", new ImageShape(1, 8, 8), classes, 1, 17, normalisation);
        OnnxModel model = Architectures.byName("resnet20").build(spec, "d", ClassNames.numbered(classes));
        OnnxGraph graph = model.graph();

        int batch = 2;
        float[] images = ArchitecturesTest.randomImages(batch * 64, 23);
        float[] actual;
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            actual = session.run(images, batch).values();
        }
        for (int n = 0; n < batch; n++) {
            double[] x = new double[64];
            for (int i = 0; i < 64; i++) {
                x[i] = (images[n * 64 + i] - 0.5) / 0.25;
            }
            double[] logits = forward(graph, x, classes);
            for (int k = 0; k < classes; k++) {
                assertEquals(logits[k], actual[n * classes + k], 1e-4 * Math.max(1, Math.abs(logits[k])),
                        "image " + n + " class " + k);
            }
        }
    }

    private static double[] forward(OnnxGraph graph, double[] image, int classes) {
        Planes x = relu(fresh(conv(graph, "stem.conv", new Planes(image, 1, 8), 16, 3, 1, 1)));
        int[] channels = {16, 32, 64};
        for (int stage = 0; stage < 3; stage++) {
            for (int block = 0; block < 3; block++) {
                String prefix = "stage" + (stage + 1) + ".block" + block;
                int stride = stage > 0 && block == 0 ? 2 : 1;
                Planes residual = relu(fresh(conv(graph, prefix + ".conv1", x, channels[stage], 3, stride, 1)));
                residual = fresh(conv(graph, prefix + ".conv2", residual, channels[stage], 3, 1, 1));
                Planes shortcut = stride == 1 ? x : fresh(conv(graph, prefix + ".shortcut.conv", x, channels[stage], 1, 2, 0));
                double[] sum = new double[residual.values.length];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = residual.values[i] + shortcut.values[i];
                }
                x = relu(new Planes(sum, residual.channels, residual.side));
            }
        }
        int area = x.side * x.side;
        float[] weight = graph.floatInitializer("fc.weight").data();
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c < x.channels; c++) {
                double mean = 0;
                for (int p = 0; p < area; p++) {
                    mean += x.values[c * area + p];
                }
                logits[k] += weight[k * x.channels + c] * mean / area;
            }
        }
        return logits;
    }

    /** A square C x side x side map. */
    private record Planes(double[] values, int channels, int side) {
    }

    private static Planes conv(OnnxGraph graph, String name, Planes in, int out, int kernel, int stride, int pad) {
        float[] w = graph.floatInitializer(name + ".weight").data();
        int side = (in.side + 2 * pad - kernel) / stride + 1;
        double[] result = new double[out * side * side];
        for (int o = 0; o < out; o++) {
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double sum = 0;
                    for (int c = 0; c < in.channels; c++) {
                        for (int ky = 0; ky < kernel; ky++) {
                            for (int kx = 0; kx < kernel; kx++) {
                                int iy = y * stride + ky - pad;
                                int ix = x * stride + kx - pad;
                                if (iy >= 0 && iy < in.side && ix >= 0 && ix < in.side) {
                                    sum += w[((o * in.channels + c) * kernel + ky) * kernel + kx]
                                            * in.values[(c * in.side + iy) * in.side + ix];
                                }
                            }
                        }
                    }
                    result[(o * side + y) * side + x] = sum;
                }
            }
        }
        return new Planes(result, out, side);
    }

    private static Planes fresh(Planes in) {
        double[] out = in.values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= FRESH_BATCH_NORM;
        }
        return new Planes(out, in.channels, in.side);
    }

    private static Planes relu(Planes in) {
        double[] out = in.values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return new Planes(out, in.channels, in.side);
    }
}
