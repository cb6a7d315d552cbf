package io.cardeck.pruning.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningMethods;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the platform checks of a request against its model before it accepts it, for every method:
 * a target sparsity not above the model's current one (a committed 90% CARD) is refused by the
 * methods that prune further in rounds or gradually, and a keepDense naming no layer by all.
 */
class RequestChecksTest {

    @Test
    void aTargetNotAboveTheModelsSparsityIsRefusedWithTheAcceptedRange() throws Exception {
        OnnxModel card = OnnxModel.load(Path.of("../../models/cards/lenet5-standard-lrr90.onnx"));
        for (String method : List.of("lrr", "lth", "gmp")) {
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> PruningMethods.check(card, method, Map.of("targetSparsity", 0.8, "keepDense", List.of())));
            assertTrue(refused.getMessage().startsWith(method + ": targetSparsity 0.8 is not above the model's current"
                    + " sparsity 0.9000 of the pruned layers; accepted: a target in (0.9000, 1)"), refused.getMessage());
            PruningMethods.check(card, method, Map.of("targetSparsity", 0.95, "keepDense", List.of()));
        }
    }

    @Test
    void aKeepDenseNamingNoLayerIsRefusedByEveryMethodThatTakesOne() {
        OnnxModel lenet = SmallRuns.lenet();
        Map<String, Map<String, Object>> requests = Map.of(
                "magnitude", Map.of("sparsity", 0.5), "wanda", Map.of("sparsity", 0.5), "lobs", Map.of("sparsity", 0.5),
                "lrr", Map.of("targetSparsity", 0.5), "lth", Map.of("targetSparsity", 0.5),
                "gmp", Map.of("targetSparsity", 0.5));
        requests.forEach((method, parameters) -> {
            Map<String, Object> withKeepDense = new java.util.HashMap<>(parameters);
            withKeepDense.put("keepDense", List.of("conv9"));
            InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                    () -> PruningMethods.check(lenet, method, withKeepDense), method);
            assertTrue(refused.getMessage().contains("keepDense names no layer: 'conv9'"), method + ": " + refused.getMessage());
        });
    }
}
