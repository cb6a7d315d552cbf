package io.cardeck.pruning.allocation.dsa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.CalibrationData;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.ZooModels;
import io.cardeck.pruning.unstructured.HeldOutLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DSA search with Wanda as base pruner, on the zoo's LeNet-5 and Fashion-MNIST's held-out training images. */
class DsaSearchTest {

    private static final OnnxModel LENET = ZooModels.load("lenet5-standard");
    private static final CalibrationData DATA = ZooModels.fashionMnist();

    private record Run(PruningResult result, List<String> progress) {
        Map<?, ?> allocation() {
            return (Map<?, ?>) result.model().metadata().lineage().recipe().get("allocation");
        }
    }

    private static Run search(long seed) {
        List<String> progress = new ArrayList<>();
        PruningResult result = PruningMethods.run(LENET, "wanda", Map.of("sparsity", 0.8, "allocation", Map.of("type", "dsa",
                "population", 4, "generations", 2, "fitnessImages", 64, "seed", seed)),
                PruningContext.builder().data(DATA).progress((fraction, message) -> progress.add(message)).build());
        return new Run(result, progress);
    }

    @Test
    void theSameSeedFindsTheSameFunctionAndAllocation() {
        Run first = search(7);
        Run second = search(7);
        assertEquals(first.allocation().get("expression"), second.allocation().get("expression"));
        assertEquals(first.allocation().get("layerSparsity"), second.allocation().get("layerSparsity"));
        assertEquals(first.result().model().graph().floatInitializer("fc1.weight"),
                second.result().model().graph().floatInitializer("fc1.weight"));
        AllocationExpression.parse((String) first.allocation().get("expression"));
    }

    @Test
    void theSearchReportsEachGenerationAndRecordsTheLossOfTheModelItReturns() {
        Run run = search(11);
        List<String> generations = run.progress().stream().filter(m -> m.startsWith("dsa generation")).toList();
        assertEquals(3, generations.size(), run.progress().toString());
        assertTrue(generations.get(2).startsWith("dsa generation 2/2: best held-out loss "), generations.get(2));
        assertTrue(generations.get(2).endsWith(" for " + run.allocation().get("expression")), generations.get(2));

        List<?> history = (List<?>) run.allocation().get("search");
        double previous = Double.POSITIVE_INFINITY;
        for (Object entry : history) {
            double best = (Double) ((Map<?, ?>) entry).get("bestLoss");
            assertTrue(best <= previous, "the best loss never gets worse across generations: " + history);
            previous = best;
        }
        // The fitness is the held-out split (the first 64 held-out training images), never the test split: the loss
        // recorded is the returned model's loss there.
        ImageDataset heldOut = DATA.validation().firstImages(64);
        double loss = HeldOutLoss.loss(run.result().model(), heldOut.images(0, 64), heldOut.labels(0, 64));
        assertEquals((Double) run.allocation().get("heldOutLoss"), loss, 1e-9);
        assertEquals(previous, loss, 1e-9);
        assertTrue(run.allocation().containsKey("uniformHeldOutLoss"));
    }
}
