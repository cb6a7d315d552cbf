package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The ops that behave differently in training: BatchNormalization and Dropout. The trainer's
 * mode decides, not the node: ONNX graphs are exported for inference.
 */
final class TrainingModeOps {

    private TrainingModeOps() {
    }

    static void register(OpRegistry.Builder registry) {
        registry.add("BatchNormalization", Map.of(3, InputRole.STATE, 4, InputRole.STATE),
                TrainingModeOps::batchNormalization);
        registry.add("Dropout", Map.of(1, InputRole.CONSTANT, 2, InputRole.CONSTANT), TrainingModeOps::dropout);
    }

    /**
     * Inference: Y = scale * (X - running_mean) / sqrt(running_var + epsilon) + B. Training: the
     * batch's mean and biased variance normalise, and the running statistics are updated in place
     * as ONNX defines, running = momentum * running + (1 - momentum) * batch statistic, where the
     * variance that enters the running average is the unbiased one (PyTorch's BatchNorm
     * convention; ONNX's reference uses the biased one). Models trained by PyTorch carry statistics
     * made that way, so fine-tuning keeps them consistent.
     */
    private static Kernel batchNormalization(NodeContext node) {
        double epsilon = node.node().floatAttribute("epsilon", 1e-5f);
        double momentum = node.node().floatAttribute("momentum", 0.9f);
        for (int output = 1; output < node.outputCount(); output++) {
            if (node.hasOutput(output)) {
                throw node.error("output " + output + " (training-mode statistics) is not supported; the trainer"
                        + " updates the running statistics in place and writes them back into the initializers");
            }
        }
        for (int input = 0; input < 5; input++) {
            if (!node.hasInput(input)) {
                throw node.error("needs all five inputs X, scale, B, input_mean, input_var");
            }
        }
        // PyTorch's momentum weighs the new statistic, ONNX's weighs the running one.
        double torchMomentum = 1 - momentum;
        return (inputs, context) -> new NDArray[] {JniUtils.batchNorm((PtNDArray) inputs[0], (PtNDArray) inputs[3],
                (PtNDArray) inputs[4], (PtNDArray) inputs[1], (PtNDArray) inputs[2], context.training(), torchMomentum,
                epsilon)};
    }

    /**
     * Training: each element is kept with probability 1 - ratio and scaled by 1 / (1 - ratio);
     * inference: identity. The keep mask comes from the pass's random stream, so a seeded pass
     * repeats exactly. The optional training_mode input is ignored (the trainer's mode decides).
     */
    private static Kernel dropout(NodeContext node) {
        double ratio;
        if (node.opset() < 12) {
            ratio = node.node().floatAttribute("ratio", 0.5f);
        } else if (node.hasInput(1)) {
            Optional<ConstantTensor> constant = node.constant(1);
            if (constant.isEmpty() || constant.get().size() != 1) {
                throw node.error("the ratio input must be a constant scalar");
            }
            ratio = constant.get().doubleValue(0);
        } else {
            ratio = 0.5;
        }
        if (!(ratio >= 0 && ratio < 1)) {
            throw node.error("ratio must be in [0, 1), got " + ratio);
        }
        boolean wantsMask = node.hasOutput(1);
        return (inputs, context) -> {
            NDArray x = inputs[0];
            if (!context.training() || ratio == 0) {
                return wantsMask ? new NDArray[] {x, x.onesLike().toType(DataType.BOOLEAN, false)} : new NDArray[] {x};
            }
            NDArray keep = keepMask(x, ratio, context);
            NDArray y = x.mul(keep.toType(x.getDataType(), false).div(1 - ratio));
            return wantsMask ? new NDArray[] {y, keep} : new NDArray[] {y};
        };
    }

    private static NDArray keepMask(NDArray x, double ratio, RunContext context) {
        SplittableRandom random = context.random();
        boolean[] keep = new boolean[Math.toIntExact(x.size())];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() >= ratio;
        }
        return context.manager().create(keep, x.getShape());
    }
}
