package io.cardeck.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.TorchModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TorchEngineTest {

    @Test
    void pytorchEngineLoadsOfflineFromTheNativeJars() {
        assertEquals("PyTorch", TorchEngine.get().getEngineName());
        assertEquals("2.7.1", TorchEngine.version());
        assertEquals("true", System.getProperty(TorchEngine.OFFLINE_PROPERTY));
        try (NDManager manager = TorchEngine.newManager()) {
            NDArray a = manager.create(new float[] {1, 2, 3});
            assertArrayEquals(new float[] {3, 6, 9}, a.mul(3).toFloatArray());
        }
    }

    @Test
    void onnxRuntimeAndPytorchRunSideBySideInOneJvm() throws Exception {
        OnnxModel model = TestNets.residualNet();
        float[] input = Checks.uniform(4 * 784, 3, 0, 1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (TorchModel torch = TorchModel.compile(model);
             ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            float[] reference = session.run(input, 4).values();
            List<Future<float[]>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(threads.submit(() -> session.run(input, 4).values()));
            }
            // PyTorch on this thread while ONNX Runtime runs on the others.
            for (int i = 0; i < 4; i++) {
                Checks.assertClose(reference, torch.predict(input, 4), 1e-4, "PyTorch vs ONNX Runtime");
            }
            for (Future<float[]> run : runs) {
                assertArrayEquals(reference, run.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
