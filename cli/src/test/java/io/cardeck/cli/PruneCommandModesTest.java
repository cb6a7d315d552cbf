package io.cardeck.cli;

import static io.cardeck.cli.CardeckCommandTest.cardeck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.devstack.LoopbackPorts;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The two modes of `cardeck prune`: here (a file in, a file out) and on the platform (--gateway). */
class PruneCommandModesTest {

    private static final String LENET = "../models/lenet5-standard.onnx";

    @Test
    void prunedHereTheResultNeedsAFile() {
        CardeckCommandTest.Run run = cardeck("prune", "--model", LENET, "--method", "magnitude",
                "--param", "sparsity=0.5");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("--out is required"), run.err());
    }

    @Test
    void onThePlatformTheParametersAreCheckedFirstAndAnUnreachableGatewayIsNamed() throws IOException {
        int closed = LoopbackPorts.free();
        String gateway = "http://127.0.0.1:" + closed;
        CardeckCommandTest.Run refused = cardeck("prune", "--gateway", gateway, "--model", "any", "--method", "magnitude",
                "--param", "sparsity=2");
        assertEquals(1, refused.status());
        assertTrue(refused.err().contains("parameter 'sparsity' must be less than 1, got 2"), refused.err());
        CardeckCommandTest.Run unreachable = cardeck("prune", "--gateway", gateway, "--model",
                "3f2b8c1e-0d4a-4c47-9a53-5b1f7e2d9c10", "--method", "magnitude", "--param", "sparsity=0.5");
        assertEquals(1, unreachable.status());
        assertTrue(unreachable.err().contains("cannot reach the gateway at " + gateway), unreachable.err());
    }
}
