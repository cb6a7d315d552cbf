package io.cardeck.trainer.optim;

import ai.djl.ndarray.NDArray;
import io.cardeck.trainer.graph.Parameter;
import java.util.List;

/**
 * Adam as torch.optim.Adam (no amsgrad): m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * w -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). Weight decay is the coupled L2
 * term torch's Adam adds to g (not AdamW's decoupled decay).
 */
public final class Adam extends Optimizer {

    public static final String NAME = "adam";

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    Adam(List<Parameter> parameters, AdamConfig config) {
        super(parameters, config.weightDecay(), "exp_avg", "exp_avg_sq");
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void apply(NDArray weight, NDArray gradient, NDArray[] buffers, double learningRate, long step) {
        NDArray average = buffers[0];
        NDArray squares = buffers[1];
        average.muli(beta1).addi(gradient.mul(1 - beta1));
        squares.muli(beta2).addi(gradient.mul(gradient).mul(1 - beta2));
        double correction1 = 1 - Math.pow(beta1, step);
        double correction2 = 1 - Math.pow(beta2, step);
        NDArray denominator = squares.sqrt().div(Math.sqrt(correction2)).add(epsilon);
        weight.subi(average.div(denominator).mul(learningRate / correction1));
    }
}
