package io.cardeck.metrics.spectrum;

/** The 2-D DFT by its definition, O(N^4), as an independent reference for the FFT-based code. */
final class DirectDft {

    private DirectDft() {
    }

    /** |DFT2| of each channel of a CHW image, averaged over channels, in natural (unshifted) order. */
    static double[] amplitude(float[] image, int channels, int height, int width) {
        double[] amplitude = new double[height * width];
        for (int c = 0; c < channels; c++) {
            for (int u = 0; u < height; u++) {
                for (int v = 0; v < width; v++) {
                    double re = 0;
                    double im = 0;
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            double angle = -2 * Math.PI * ((double) u * y / height + (double) v * x / width);
                            double f = image[c * height * width + y * width + x];
                            re += f * Math.cos(angle);
                            im += f * Math.sin(angle);
                        }
                    }
                    amplitude[u * width + v] += Math.hypot(re, im) / channels;
                }
            }
        }
        return amplitude;
    }

    /** numpy.fft.fftshift in 2-D: out[i][j] = in[(i - h/2) mod h][(j - w/2) mod w]. */
    static double[] fftshift(double[] values, int height, int width) {
        double[] shifted = new double[values.length];
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                int u = Math.floorMod(i - height / 2, height);
                int v = Math.floorMod(j - width / 2, width);
                shifted[i * width + j] = values[u * width + v];
            }
        }
        return shifted;
    }

    static double[] centredAmplitude(float[] image, int channels, int height, int width) {
        return fftshift(amplitude(image, channels, height, width), height, width);
    }
}
