package io.cardeck.trainer.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.StepScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterTest {

    /** y = x * w with x [1, 4] and w [4]. */
    private static OnnxModel scale() {
        return GraphBuilder.named("scale").input("x", 1, 4)
                .initializer("w", new long[] {4}, new float[] {1, -2, 3, -4})
                .node("mul", "Mul", List.of("x", "w"), "y").output("y").build();
    }

    @Test
    void valuesRoundTripAndWriteBack() {
        try (TorchModel model = TorchModel.compile(scale())) {
            Parameter w = model.parameter("w");
            assertArrayEquals(new float[] {1, -2, 3, -4}, w.values());
            w.setValues(new float[] {0.5f, 0.25f, 2, 8});
            assertArrayEquals(new float[] {0.5f, 0.25f, 2, 8}, w.values());
            assertArrayEquals(new float[] {0.5f, 0.25f, 2, 8}, model.toOnnx().graph().floatInitializer("w").data());
            assertArrayEquals(new float[] {1, 0.5f, 6, 32}, model.predict(new float[] {2, 2, 3, 4}, 1));
        }
    }

    @Test
    void gradientIsTheDenseGradientOfTheLastBackwardPass() {
        try (TorchModel model = TorchModel.compile(scale())) {
            Parameter w = model.parameter("w");
            w.setMask(new float[] {1, 0, 1, 0});
            float[] x = {5, 6, 7, 8};
            try (StepScope scope = model.openScope(); GradMode on = GradMode.enabled()) {
                NDArray y = model.forward(scope, model.createInput(scope, x, 1), true, 0);
                Autograd.backward(y.sum());
            }
            // d sum(x * w) / d w = x, masked positions included.
            assertArrayEquals(x, w.gradient());
        }
    }

    @Test
    void masksZeroValuesAndKeepThemZero() {
        try (TorchModel model = TorchModel.compile(scale())) {
            Parameter w = model.parameter("w");
            assertFalse(w.hasMask());
            w.setMask(new float[] {1, 0, 0, 1});
            assertArrayEquals(new float[] {1, 0, 0, -4}, w.values());
            assertArrayEquals(new float[] {1, 0, 0, 1}, w.mask().orElseThrow());
            w.setValues(new float[] {9, 9, 9, 9});
            assertArrayEquals(new float[] {9, 0, 0, 9}, w.values());
            w.clearMask();
            assertTrue(w.mask().isEmpty());
            w.setValues(new float[] {0, 2, 0, 4});
            w.maskZeros();
            assertArrayEquals(new float[] {0, 1, 0, 1}, w.mask().orElseThrow());
        }
    }

    @Test
    void badMasksAndValuesAreRejected() {
        try (TorchModel model = TorchModel.compile(scale())) {
            Parameter w = model.parameter("w");
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> w.setMask(new float[] {1, 0.5f, 0, 1}));
            assertTrue(error.getMessage().contains("'w' has 0.5 at element 1"), error.getMessage());
            error = assertThrows(IllegalArgumentException.class, () -> w.setMask(new float[] {1, 0}));
            assertTrue(error.getMessage().contains("has 2 values; expected 4"), error.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.setValues(new float[5]));
            assertFalse(w.hasMask());
        }
    }
}
