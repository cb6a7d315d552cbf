package io.cardeck.pruning.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethods;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Every method the catalog describes (and the API offers) has an implementation here that runs. */
class EveryMethodRunsTest {

    /** Small parameters per method; a method added to the catalog without an entry here fails the test. */
    private static final Map<String, Map<String, Object>> SMALL = Map.of(
            "magnitude", Map.of("sparsity", 0.5),
            "l1-filter", Map.of("ratio", 0.3),
            "wanda", Map.of("sparsity", 0.5, "calibrationImages", 64),
            "lobs", Map.of("sparsity", 0.5, "calibrationImages", 64),
            "lrr", Map.of("targetSparsity", 0.5, "rounds", 1, "retraining", Map.of("epochs", 1)),
            "lth", Map.of("targetSparsity", 0.5, "rounds", 1, "denseEpochs", 1, "rewindEpoch", 0,
                    "retraining", Map.of("epochs", 1)),
            "gmp", Map.of("targetSparsity", 0.5, "training", Map.of("epochs", 1)));

    @TempDir
    Path work;

    static List<String> methods() {
        return MethodCatalog.all().stream().map(MethodDescriptor::name).toList();
    }

    @ParameterizedTest
    @MethodSource("methods")
    void runsOnLeNet5AndTheResultRunsInOnnxRuntime(String method) {
        Map<String, Object> params = SMALL.get(method);
        assertNotNull(params, "no small parameters for '" + method + "' in " + getClass().getSimpleName());
        OnnxModel lenet = SmallRuns.lenet();
        PruningResult result = PruningMethods.run(lenet, method, params,
                PruningContext.builder().data(SmallRuns.data()).workDirectory(work).build());
        assertEquals(method, result.model().metadata().lineage().method());
        assertTrue(result.after().nonZeroParameters() < result.before().nonZeroParameters(), method + " prunes something");
        try (ModelSession session = InferenceSessions.open(result.model(), SessionOptionsSpec.cpu())) {
            assertEquals(20, session.run(new float[2 * 784], 2).values().length);
        }
    }
}
