package io.cardeck.onnx;

/** Direct loops for the operators the test models use, written from the ONNX operator definitions. */
public final class ReferenceOps {

    private ReferenceOps() {
    }

    /** Output size of a convolution or pooling window along one axis. */
    public static int outputSize(int in, int kernel, int stride, int pad) {
        return (in + 2 * pad - kernel) / stride + 1;
    }

    /** NCHW convolution with square padding, optional bias (null) and groups. */
    public static float[] conv2d(float[] x, int n, int c, int h, int w, float[] weight, int cout, int k,
                                 float[] bias, int stride, int pad, int groups) {
        int oh = outputSize(h, k, stride, pad);
        int ow = outputSize(w, k, stride, pad);
        int cinPerGroup = c / groups;
        int coutPerGroup = cout / groups;
        float[] out = new float[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < cout; o++) {
                int group = o / coutPerGroup;
                for (int y = 0; y < oh; y++) {
                    for (int xo = 0; xo < ow; xo++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int ci = 0; ci < cinPerGroup; ci++) {
                            int channel = group * cinPerGroup + ci;
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = y * stride + ky - pad;
                                    int ix = xo * stride + kx - pad;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                        continue;
                                    }
                                    sum += x[((b * c + channel) * h + iy) * w + ix]
                                            * weight[((o * cinPerGroup + ci) * k + ky) * k + kx];
                                }
                            }
                        }
                        out[((b * cout + o) * oh + y) * ow + xo] = (float) sum;
                    }
                }
            }
        }
        return out;
    }

    public static float[] relu(float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.max(0f, x[i]);
        }
        return out;
    }

    /** Max pooling with a square window, no padding. */
    public static float[] maxPool(float[] x, int n, int c, int h, int w, int k, int stride) {
        int oh = outputSize(h, k, stride, 0);
        int ow = outputSize(w, k, stride, 0);
        float[] out = new float[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int xo = 0; xo < ow; xo++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < k; ky++) {
                        for (int kx = 0; kx < k; kx++) {
                            best = Math.max(best, x[(plane * h + y * stride + ky) * w + xo * stride + kx]);
                        }
                    }
                    out[(plane * oh + y) * ow + xo] = best;
                }
            }
        }
        return out;
    }

    /** {@code x[m,k] * W + bias}, with W stored [n,k] when {@code transposed}, else [k,n]. */
    public static float[] gemm(float[] x, int m, int k, float[] weight, int n, boolean transposed, float[] bias) {
        float[] out = new float[m * n];
        for (int row = 0; row < m; row++) {
            for (int col = 0; col < n; col++) {
                double sum = bias == null ? 0 : bias[col];
                for (int i = 0; i < k; i++) {
                    float wv = transposed ? weight[col * k + i] : weight[i * n + col];
                    sum += x[row * k + i] * wv;
                }
                out[row * n + col] = (float) sum;
            }
        }
        return out;
    }
}
