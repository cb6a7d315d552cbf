package io.cardeck.pruning.activations;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.JobProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.mult.MatrixMultProduct_FDRM;

/**
 * Captures what calibration images feed each layer of a model, in one streaming pass through ONNX
 * Runtime: the model gets the layers' inputs as extra outputs, runs batch after batch, and each
 * layer's input vectors (rows for Gemm and MatMul, im2col patches for Conv with the layer's
 * stride, padding, dilation and groups) are folded into {@link LayerInputStatistics}. Nothing of
 * size images x activations is kept.
 */
public final class LayerInputs {

    /** Input vectors gathered before they are folded into a Hessian by one matrix product. */
    private static final int CHUNK_ROWS = 1024;

    /**
     * @param hessians        also accumulate {@code (1/n) sum y y^T} per layer (L-OBS)
     * @param patchesPerImage input vectors per image in the Hessians, chosen at random without
     *                        replacement (all when 0 or at least the layer has)
     * @param seed            seeds the choice of patches
     * @param batchSize       images per ONNX Runtime call
     */
    public record Options(boolean hessians, int patchesPerImage, long seed, int batchSize) {

        public Options {
            if (patchesPerImage < 0 || batchSize < 1) {
                throw new IllegalArgumentException("patchesPerImage >= 0 and batchSize >= 1, got " + patchesPerImage
                        + " and " + batchSize);
            }
        }
    }

    /** The statistics of each layer, in the order given, and where the time went. */
    public record Capture(List<LayerInputStatistics> statistics, int images, double forwardSeconds, double foldSeconds) {}

    private LayerInputs() {}

    /**
     * @param cancellation run between batches; throws to stop
     */
    public static Capture capture(OnnxModel model, List<LayerGeometry> layers, ImageDataset images, Options options,
                                  JobProgress progress, Runnable cancellation) {
        String graphInput = model.graph().inputs().get(0).name();
        Set<String> outputs = new LinkedHashSet<>();
        for (LayerGeometry layer : layers) {
            if (!layer.input().equals(graphInput)) {
                outputs.add(layer.input());
            }
        }
        List<InputAccumulator> accumulators = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            accumulators.add(new InputAccumulator(layers.get(l), options, options.seed() + 1_000_003L * l));
        }
        long forward = 0;
        long fold = 0;
        try (ModelSession session = InferenceSessions.open(model.withExtraOutputs(outputs), SessionOptionsSpec.cpu())) {
            long[] sampleShape = session.sampleShape();
            for (int from = 0; from < images.size(); from += options.batchSize()) {
                cancellation.run();
                int count = Math.min(options.batchSize(), images.size() - from);
                float[] batch = images.images(from, count);
                long started = System.nanoTime();
                Map<String, OutputTensor> values = new LinkedHashMap<>(session.runAll(batch, count, outputs));
                long[] inputShape = new long[sampleShape.length + 1];
                inputShape[0] = count;
                System.arraycopy(sampleShape, 0, inputShape, 1, sampleShape.length);
                values.put(graphInput, new OutputTensor(graphInput, inputShape, batch));
                long ran = System.nanoTime();
                IntStream.range(0, layers.size()).parallel().forEach(l -> {
                    OutputTensor input = values.get(layers.get(l).input());
                    accumulators.get(l).add(input.data(), input.shape(), count);
                });
                fold += System.nanoTime() - ran;
                forward += ran - started;
                progress.report((double) (from + count) / images.size(), "layer inputs: " + (from + count) + "/"
                        + images.size() + " images");
            }
        }
        long finishing = System.nanoTime();
        List<LayerInputStatistics> statistics = accumulators.stream().map(InputAccumulator::finish).toList();
        fold += System.nanoTime() - finishing;
        return new Capture(statistics, images.size(), forward / 1e9, fold / 1e9);
    }

    /** One layer's running sums. Not thread-safe: one thread at a time, as the capture uses it. */
    private static final class InputAccumulator {

        private final LayerGeometry layer;
        private final int dimension;
        private final int patchesPerImage;
        private final SplittableRandom random;
        private final double[][] squareSums;
        private final DMatrixRMaj[] sums;
        private final FMatrixRMaj[] chunks;
        private final FMatrixRMaj product;
        private final int[] filled;
        private long vectors;
        private long hessianVectors;
        private int[] positions = new int[0];

        InputAccumulator(LayerGeometry layer, Options options, long seed) {
            this.layer = layer;
            this.dimension = layer.inputDimension();
            this.patchesPerImage = options.patchesPerImage();
            this.random = new SplittableRandom(seed);
            int groups = layer.groups();
            this.squareSums = new double[groups][dimension];
            this.filled = new int[groups];
            if (options.hessians()) {
                sums = new DMatrixRMaj[groups];
                chunks = new FMatrixRMaj[groups];
                for (int g = 0; g < groups; g++) {
                    sums[g] = new DMatrixRMaj(dimension, dimension);
                    chunks[g] = new FMatrixRMaj(CHUNK_ROWS, dimension);
                }
                product = new FMatrixRMaj(dimension, dimension);
            } else {
                sums = null;
                chunks = null;
                product = null;
            }
        }

        void add(float[] data, long[] shape, int images) {
            if (layer.kind() == LayerGeometry.Kind.CONV) {
                addConv(data, shape, images);
            } else {
                addRows(data, images);
            }
        }

        /** Gemm and MatMul: every row of the input is an input vector. */
        private void addRows(float[] data, int images) {
            int fanIn = layer.fanIn();
            if (data.length % fanIn != 0) {
                throw new IllegalStateException(layer.layer().node() + ": an input of " + data.length
                        + " values is not rows of " + fanIn);
            }
            int rowsPerImage = data.length / fanIn / images;
            double[] square = squareSums[0];
            for (int image = 0; image < images; image++) {
                int first = image * rowsPerImage;
                for (int row = first; row < first + rowsPerImage; row++) {
                    int offset = row * fanIn;
                    for (int q = 0; q < fanIn; q++) {
                        double x = data[offset + q];
                        square[q] += x * x;
                    }
                }
                if (sums != null) {
                    for (int chosen : choose(rowsPerImage)) {
                        float[] target = nextRow(0);
                        int offset = (first + chosen) * fanIn;
                        for (int q = 0; q < fanIn; q++) {
                            target[rowStart(0) + q] = data[offset + q];
                        }
                        finishRow(0);
                    }
                }
            }
            if (layer.hasBias()) {
                square[fanIn] += (long) rowsPerImage * images;
            }
            vectors += (long) rowsPerImage * images;
        }

        /** Conv: every output position's receptive field is an input vector (im2col). */
        private void addConv(float[] data, long[] shape, int images) {
            int channels = (int) shape[1];
            int height = (int) shape[2];
            int width = (int) shape[3];
            int[] kernel = layer.kernel();
            int[] strides = layer.strides();
            int[] dilations = layer.dilations();
            int[] pads = layer.pads(height, width);
            int[] out = layer.outputSize(height, width);
            int groups = layer.groups();
            int groupChannels = channels / groups;
            if (groupChannels * kernel[0] * kernel[1] != layer.fanIn()) {
                throw new IllegalStateException(layer.layer().node() + ": input of " + channels + " channels does not match"
                        + " a fan-in of " + layer.fanIn() + " in " + groups + " groups");
            }
            int outPositions = out[0] * out[1];
            int plane = height * width;
            for (int image = 0; image < images; image++) {
                int[] chosen = sums == null ? new int[0] : choose(outPositions);
                for (int g = 0; g < groups; g++) {
                    double[] square = squareSums[g];
                    for (int c = 0; c < groupChannels; c++) {
                        int channelOffset = (image * channels + g * groupChannels + c) * plane;
                        for (int i = 0; i < kernel[0]; i++) {
                            for (int j = 0; j < kernel[1]; j++) {
                                int q = (c * kernel[0] + i) * kernel[1] + j;
                                double sum = 0;
                                for (int oh = 0; oh < out[0]; oh++) {
                                    int ih = oh * strides[0] - pads[0] + i * dilations[0];
                                    if (ih < 0 || ih >= height) {
                                        continue;
                                    }
                                    int rowOffset = channelOffset + ih * width;
                                    for (int ow = 0; ow < out[1]; ow++) {
                                        int iw = ow * strides[1] - pads[1] + j * dilations[1];
                                        if (iw >= 0 && iw < width) {
                                            double x = data[rowOffset + iw];
                                            sum += x * x;
                                        }
                                    }
                                }
                                square[q] += sum;
                            }
                        }
                    }
                    if (layer.hasBias()) {
                        square[layer.fanIn()] += outPositions;
                    }
                    for (int position : chosen) {
                        int oh = position / out[1];
                        int ow = position % out[1];
                        float[] target = nextRow(g);
                        int start = rowStart(g);
                        for (int c = 0; c < groupChannels; c++) {
                            int channelOffset = (image * channels + g * groupChannels + c) * plane;
                            for (int i = 0; i < kernel[0]; i++) {
                                int ih = oh * strides[0] - pads[0] + i * dilations[0];
                                for (int j = 0; j < kernel[1]; j++) {
                                    int iw = ow * strides[1] - pads[1] + j * dilations[1];
                                    boolean inside = ih >= 0 && ih < height && iw >= 0 && iw < width;
                                    target[start + (c * kernel[0] + i) * kernel[1] + j] = inside ? data[channelOffset + ih * width + iw] : 0;
                                }
                            }
                        }
                        finishRow(g);
                    }
                }
                vectors += outPositions;
            }
        }

        /** The input vectors of one image that go into the Hessian: all, or a random subset. */
        private int[] choose(int available) {
            if (patchesPerImage == 0 || patchesPerImage >= available) {
                return IntStream.range(0, available).toArray();
            }
            if (positions.length != available) {
                positions = new int[available];
            }
            for (int i = 0; i < available; i++) {
                positions[i] = i;
            }
            for (int i = 0; i < patchesPerImage; i++) {
                int j = i + random.nextInt(available - i);
                int swap = positions[i];
                positions[i] = positions[j];
                positions[j] = swap;
            }
            return java.util.Arrays.copyOf(positions, patchesPerImage);
        }

        private float[] nextRow(int group) {
            return chunks[group].data;
        }

        private int rowStart(int group) {
            return filled[group] * dimension;
        }

        /** Appends the bias entry and folds the chunk into the sum once it is full. */
        private void finishRow(int group) {
            if (layer.hasBias()) {
                chunks[group].data[rowStart(group) + dimension - 1] = 1;
            }
            filled[group]++;
            hessianVectors++;
            if (filled[group] == CHUNK_ROWS) {
                fold(group);
            }
        }

        /**
         * Adds the chunk's {@code Y^T Y} to the sum. The inputs are floats already (ONNX Runtime's
         * outputs); a chunk's product in float, by EJML's symmetric (lower-triangle) product, is 1.6
         * times as fast as a full double product and sums at most {@link #CHUNK_ROWS} terms before
         * it goes into the double sum.
         */
        private void fold(int group) {
            if (filled[group] == 0) {
                return;
            }
            FMatrixRMaj chunk = chunks[group];
            chunk.reshape(filled[group], dimension, true);
            MatrixMultProduct_FDRM.inner_reorder_lower(chunk, product);
            double[] sum = sums[group].data;
            float[] lower = product.data;
            for (int i = 0; i < dimension; i++) {
                int row = i * dimension;
                for (int j = 0; j <= i; j++) {
                    sum[row + j] += lower[row + j];
                }
            }
            chunk.reshape(CHUNK_ROWS, dimension, true);
            filled[group] = 0;
        }

        LayerInputStatistics finish() {
            double[][] squareMeans = new double[squareSums.length][];
            for (int g = 0; g < squareSums.length; g++) {
                squareMeans[g] = new double[dimension];
                for (int q = 0; q < dimension; q++) {
                    squareMeans[g][q] = squareSums[g][q] / vectors;
                }
            }
            if (sums == null) {
                return new LayerInputStatistics(layer, squareMeans, vectors, null, 0);
            }
            long perGroup = hessianVectors / layer.groups();
            for (int g = 0; g < sums.length; g++) {
                fold(g);
                DMatrixRMaj sum = sums[g];
                for (int i = 0; i < dimension; i++) {
                    for (int j = 0; j < i; j++) {
                        sum.set(j, i, sum.get(i, j));
                    }
                }
                CommonOps_DDRM.scale(1.0 / perGroup, sum);
            }
            return new LayerInputStatistics(layer, squareMeans, vectors, sums, perGroup);
        }
    }
}
