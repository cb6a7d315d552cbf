package io.cardeck.pruning.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.DatasetCatalog;
import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest {

    @Test
    void statisticsAreThePopulationMomentsOfTheBatchNormInput() {
        // x -> Conv 1x1 (weights 1 and -2) -> BatchNorm: channel c sees w_c * x.
        OnnxModel model = GraphBuilder.named("conv-bn")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .initializer("w", new long[] {2, 1, 1, 1}, new float[] {1f, -2f})
                .initializer("scale", new long[] {2}, new float[] {1, 1})
                .initializer("shift", new long[] {2}, new float[] {0, 0})
                .initializer("mean", new long[] {2}, new float[] {0, 0})
                .initializer("var", new long[] {2}, new float[] {1, 1})
                .node("conv", "Conv", List.of("x", "w"), "c")
                .node("bn", "BatchNormalization", List.of("c", "scale", "shift", "mean", "var"), "y")
                .output("y", GraphBuilder.BATCH, 2, 28, 28)
                .build();
        ImageDataset images = DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train").firstImages(300);
        double sum = 0;
        double squares = 0;
        float[] image = new float[784];
        for (int i = 0; i < images.size(); i++) {
            images.readImage(i, image, 0);
            for (float v : image) {
                sum += v;
                squares += (double) v * v;
            }
        }
        double mean = sum / (images.size() * 784.0);
        double variance = squares / (images.size() * 784.0) - mean * mean;

        OnnxModel recalibrated = BatchNormRecalibration.recalibrate(model, images, JobProgress.NONE);
        float[] means = recalibrated.graph().floatInitializer("mean").data();
        float[] variances = recalibrated.graph().floatInitializer("var").data();
        assertEquals(mean, means[0], 1e-5);
        assertEquals(-2 * mean, means[1], 1e-5);
        assertEquals(variance, variances[0], 1e-5);
        assertEquals(4 * variance, variances[1], 1e-4);
    }

    @Test
    void recalibrationRecoversHeldOutAccuracyAfterOneShotPruningOfResNet20() throws Exception {
        OnnxModel resnet = OnnxModel.load(Path.of("../../models/resnet20-standard.onnx"));
        CalibrationData data = CalibrationData.of("fashion-mnist",
                DatasetCatalog.open(DatasetCatalog.FASHION_MNIST).split("train").firstImages(3000), 0, 500);
        PruningContext context = PruningContext.builder().data(data).build();
        PruningResult pruned = PruningMethods.run(resnet, "magnitude", Map.of("sparsity", 0.7), context);
        PruningResult recovered = PruningMethods.run(resnet, "magnitude", Map.of("sparsity", 0.7,
                "recovery", Map.of("bnRecalibration", true, "bnImages", 256)), context);

        double before = HeldOutAccuracy.of(pruned.model(), data.validation());
        double after = HeldOutAccuracy.of(recovered.model(), data.validation());
        assertTrue(after > before + 0.05, "held-out accuracy " + before + " -> " + after);
        @SuppressWarnings("unchecked")
        Map<String, Object> recorded = (Map<String, Object>) ((Map<String, Object>) recovered.model().metadata().lineage()
                .recipe().get("recovery")).get("bnRecalibration");
        assertEquals(before, ((Number) recorded.get("heldOutBefore")).doubleValue(), 1e-12);
        assertEquals(after, ((Number) recorded.get("heldOutAfter")).doubleValue(), 1e-12);
        assertEquals(21, ((Number) recorded.get("batchNorms")).intValue(), "19 convs and 2 shortcut convs, each with its BatchNorm");
        assertEquals(pruned.after().nonZeroParameters(), recovered.after().nonZeroParameters(), "weights untouched");
    }
}
