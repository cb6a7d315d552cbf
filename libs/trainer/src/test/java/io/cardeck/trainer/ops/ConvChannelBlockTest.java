package io.cardeck.trainer.ops;

import static io.cardeck.onnx.NodeAttribute.ofInts;
import static io.cardeck.trainer.Checks.count;
import static io.cardeck.trainer.Checks.uniform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.OutputTensor;
import io.cardeck.trainer.Checks;
import io.cardeck.trainer.engine.Autograd;
import io.cardeck.trainer.engine.GradMode;
import io.cardeck.trainer.engine.Precision;
import io.cardeck.trainer.engine.StepScope;
import io.cardeck.trainer.engine.TorchEngine;
import io.cardeck.trainer.graph.TorchModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Convs with channel counts that are not whole blocks of 16, as structured pruning leaves them (22 of
 * 32 filters). PyTorch's oneDNN convolution copies such tensors into a layout of 16-channel blocks
 * without initialising the padding of the last block, so stale native memory leaked into results:
 * fine-tuning a pruned ResNet-20 turned NaN at a step that changed from run to run. Each pass here
 * first frees NaN-filled native memory of the sizes the convolution allocates, so that a read of
 * uninitialised memory shows.
 */
class ConvChannelBlockTest {

    private static final int BATCH = 128;
    private static final int SIDE = 14;
    private static final int PASSES = 3;

    @Test
    void forwardWithPartialInputBlockMatchesOnnxRuntime() {
        long[] inputDims = {BATCH, 22, SIDE, SIDE};
        GraphBuilder builder = GraphBuilder.named("conv-22-in").input("x", inputDims);
        OpConformanceTest.initRange(builder, "w", 1, -0.1, 0.1, 32, 22, 3, 3);
        OpConformanceTest.init(builder, "b", 2, 32);
        OnnxModel model = builder.node("conv", "Conv", List.of("x", "w", "b"), "y", ofInts("pads", 1, 1, 1, 1))
                .output("y").build();
        float[] input = uniform(count(inputDims), 3, 0, 1);
        OutputTensor expected = Checks.onnxRuntime(model, input, BATCH);
        try (TorchModel torch = TorchModel.compile(model)) {
            for (int pass = 0; pass < PASSES; pass++) {
                releaseNaNMemory(count(inputDims), BATCH * 32 * SIDE * SIDE);
                try (StepScope scope = torch.openScope(); GradMode off = GradMode.disabled()) {
                    NDArray output = torch.forward(scope, torch.createInput(scope, input, BATCH), false, 0);
                    Checks.assertClose(expected.data(), output.toFloatArray(), 1e-4, "pass " + pass + ", trainer vs ONNX Runtime");
                }
            }
        }
    }

    /** The first conv's gradient flows back through the second, whose 22 output channels make a partial block. */
    @Test
    void gradientThroughPartialOutputBlockMatchesFloat64() {
        long[] inputDims = {BATCH, 16, SIDE, SIDE};
        GraphBuilder builder = GraphBuilder.named("conv-22-out").input("x", inputDims);
        OpConformanceTest.initRange(builder, "w1", 4, -0.1, 0.1, 32, 16, 3, 3);
        OpConformanceTest.initRange(builder, "w2", 5, -0.1, 0.1, 22, 32, 3, 3);
        OnnxModel model = builder.node("conv1", "Conv", List.of("x", "w1"), "h", ofInts("pads", 1, 1, 1, 1))
                .node("conv2", "Conv", List.of("h", "w2"), "y", ofInts("pads", 1, 1, 1, 1))
                .output("y").build();
        float[] input = uniform(count(inputDims), 6, 0, 1);
        float[] weights = uniform(BATCH * 22 * SIDE * SIDE, 7, -1, 1);
        // PyTorch serves float64 convolutions with its own kernels, not oneDNN's.
        float[] expected = firstLayerGradient(model, Precision.FLOAT64, input, weights);
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int pass = 0; pass < PASSES; pass++) {
            releaseNaNMemory(count(inputDims), BATCH * 22 * SIDE * SIDE, BATCH * 32 * SIDE * SIDE);
            Checks.assertClose(expected, firstLayerGradient(model, Precision.FLOAT32, input, weights), 1e-4 * scale,
                    "pass " + pass + ", gradient of w1 in float32 vs float64");
        }
    }

    /** d sum(y * weights) / d w1. */
    private static float[] firstLayerGradient(OnnxModel model, Precision precision, float[] input, float[] weights) {
        try (TorchModel torch = TorchModel.compile(model, OpRegistry.standard(), precision);
             StepScope scope = torch.openScope();
             GradMode on = GradMode.enabled()) {
            NDArray output = torch.forward(scope, torch.createInput(scope, input, BATCH), true, 0);
            NDArray loss = output.mul(scope.manager().create(weights, output.getShape()).toType(output.getDataType(), false))
                    .sum();
            Autograd.backward(loss);
            return torch.parameter("w1").gradient();
        }
    }

    /** Frees NaN-filled native blocks around each of the given sizes (in floats), for the allocator to hand out again. */
    private static void releaseNaNMemory(int... sizes) {
        try (NDManager manager = TorchEngine.newManager()) {
            List<NDArray> blocks = new ArrayList<>();
            for (int size : sizes) {
                for (int half = 1; half <= 4; half++) {
                    blocks.add(manager.full(new Shape(size * half / 2 + 1), Float.NaN));
                }
            }
            blocks.forEach(NDArray::close);
        }
    }
}
