package io.cardeck.pruning.wanda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.LayerOutputs;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.ZooModels;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Wanda on the zoo's LeNet-5: fc1's zeros are the lowest |w| x RMS of the input column, with the RMS
 * computed here from fc1's input as ONNX Runtime gives it for the calibration images.
 */
class WandaPruningTest {

    private static final OnnxModel LENET = ZooModels.load("lenet5-standard");
    private static final CalibrationData DATA = ZooModels.fashionMnist();
    private static final int IMAGES = 128;

    @ParameterizedTest
    @CsvSource({"unit, 0.5", "unit, 0.8", "layer, 0.8"})
    void theZerosAreTheLowestWeightTimesInputRms(String comparison, double sparsity) {
        PruningResult result = PruningMethods.run(LENET, "wanda", Map.of("sparsity", sparsity, "comparison", comparison,
                "calibrationImages", IMAGES), PruningContext.builder().data(DATA).build());

        ImageDataset images = DATA.calibration(IMAGES);
        float[] input = LayerOutputs.of(LENET, "flatten", images);
        int in = 400;
        int out = 120;
        double[] rms = new double[in];
        for (int n = 0; n < IMAGES; n++) {
            for (int q = 0; q < in; q++) {
                rms[q] += (double) input[n * in + q] * input[n * in + q] / IMAGES;
            }
        }
        float[] weights = LENET.graph().floatInitializer("fc1.weight").data();
        double[] score = IntStream.range(0, weights.length).mapToDouble(i -> Math.abs(weights[i]) * Math.sqrt(rms[i % in])).toArray();
        float[] pruned = result.model().graph().floatInitializer("fc1.weight").data();
        int zeros = (int) Math.round(sparsity * weights.length);
        boolean[] expectedZero = new boolean[weights.length];
        if (comparison.equals("unit")) {
            for (int unit = 0; unit < out; unit++) {
                int first = unit * in;
                IntStream.range(first, first + in).boxed().sorted(Comparator.comparingDouble(i -> score[i]))
                        .limit(zeros / out + (unit < zeros % out ? 1 : 0)).forEach(i -> expectedZero[i] = true);
            }
        } else {
            IntStream.range(0, weights.length).boxed().sorted(Comparator.comparingDouble(i -> score[i])).limit(zeros)
                    .forEach(i -> expectedZero[i] = true);
        }
        int differences = 0;
        for (int i = 0; i < weights.length; i++) {
            if ((pruned[i] == 0f) != expectedZero[i]) {
                differences++;
            } else if (!expectedZero[i]) {
                assertEquals(weights[i], pruned[i], 0f, "kept weights are not changed");
            }
        }
        // The library sums squares in double from float inputs in another order: a near-tie may flip, nothing more.
        assertTrue(differences <= 2, differences + " weights differ from the reference mask");
        assertEquals(zeros, IntStream.range(0, pruned.length).filter(i -> pruned[i] == 0f).count());
        if (comparison.equals("unit")) {
            int[] perUnit = new int[out];
            for (int i = 0; i < pruned.length; i++) {
                if (pruned[i] == 0f) {
                    perUnit[i / in]++;
                }
            }
            assertTrue(Arrays.stream(perUnit).max().orElseThrow() - Arrays.stream(perUnit).min().orElseThrow() <= 1,
                    "every unit loses the same share: " + Arrays.toString(perUnit));
        }
        Map<?, ?> allocated = (Map<?, ?>) ((Map<?, ?>) result.model().metadata().lineage().recipe().get("allocation"))
                .get("layerSparsity");
        assertEquals(List.of("conv2.weight", "fc1.weight", "fc2.weight"), List.copyOf(allocated.keySet()),
                "stem and classifier are kept dense by default");
        for (String dense : List.of("conv1.weight", "fc3.weight")) {
            assertEquals(LENET.graph().floatInitializer(dense), result.model().graph().floatInitializer(dense));
        }
    }
}
