package io.cardeck.zoo;

import io.cardeck.data.ImageDataset;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The nearest-class-mean classifier as an ONNX graph: {@code Flatten -> Gemm}. Row k of the Gemm
 * weight is the mean training image of class k and its bias is {@code -|mean_k|^2 / 2}, so the
 * largest logit {@code x . mean_k - |mean_k|^2 / 2} is the class whose mean is nearest to x.
 * Fitted in one pass without gradients: the baseline that needs no trainer.
 */
public final class NearestCentroid {

    public static final String INPUT = "images";
    public static final String OUTPUT = "logits";

    private NearestCentroid() {}

    /** Fits the class means on {@code train}; {@code progress} receives images read. */
    public static OnnxModel fit(ImageDataset train, String datasetName, LongConsumer progress) {
        ImageShape shape = train.shape();
        int classes = train.classNames().size();
        int size = shape.size();
        double[] sums = new double[classes * size];
        long[] counts = new long[classes];
        float[] image = new float[size];
        for (int i = 0; i < train.size(); i++) {
            int label = train.label(i);
            train.readImage(i, image, 0);
            int row = label * size;
            for (int p = 0; p < size; p++) {
                sums[row + p] += image[p];
            }
            counts[label]++;
            if ((i + 1) % 1000 == 0 || i + 1 == train.size()) {
                progress.accept((i % 1000) + 1);
            }
        }
        float[] means = new float[classes * size];
        float[] bias = new float[classes];
        for (int k = 0; k < classes; k++) {
            if (counts[k] == 0) {
                throw new IllegalArgumentException(train.name() + " has no image of class " + k + " ("
                        + train.classNames().get(k) + "); every class needs at least one to have a mean");
            }
            double squaredNorm = 0;
            for (int p = 0; p < size; p++) {
                float mean = (float) (sums[k * size + p] / counts[k]);
                means[k * size + p] = mean;
                squaredNorm += (double) mean * mean;
            }
            bias[k] = (float) (-squaredNorm / 2);
        }
        OnnxModel model = GraphBuilder.named("nearest-centroid")
                .input(INPUT, GraphBuilder.BATCH, shape.channels(), shape.height(), shape.width())
                .initializer("class_means", new long[] {classes, size}, means)
                .initializer("class_bias", new long[] {classes}, bias)
                .node("flatten", "Flatten", List.of(INPUT), "flat", NodeAttribute.ofInt("axis", 1))
                .node("centroid_logits", "Gemm", List.of("flat", "class_means", "class_bias"), OUTPUT,
                        NodeAttribute.ofInt("transB", 1))
                .output(OUTPUT, GraphBuilder.BATCH, classes)
                .build();
        return model.withMetadata(ModelMetadata.empty()
                .withDataset(datasetName)
                .withLabels(train.classNames())
                .withProperty("cardeck.baseline", "nearest-centroid"));
    }
}
