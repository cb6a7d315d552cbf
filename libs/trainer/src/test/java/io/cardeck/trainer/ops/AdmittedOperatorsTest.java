package io.cardeck.trainer.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.admission.GraphLimits;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** An uploaded model the gateway admits must be one the methods that train can run. */
class AdmittedOperatorsTest {

    @Test
    void theGatewayAdmitsEveryOperatorTheTrainerRuns() {
        Set<String> missing = new TreeSet<>(OpRegistry.standard().opTypes());
        missing.removeAll(GraphLimits.DEFAULT_OPERATORS);
        assertTrue(missing.isEmpty(), "ops the trainer runs but uploads may not use: " + missing
                + "; add them to GraphLimits.DEFAULT_OPERATORS");
    }
}
