package io.cardeck.trainer.optim;

import ai.djl.ndarray.NDArray;
import io.cardeck.trainer.graph.Parameter;
import java.util.List;

/**
 * Stochastic gradient descent as torch.optim.SGD (dampening 0): with momentum mu,
 * buf = mu * buf + g (buf starts at zero, so the first step uses g), then w -= lr * buf, or with
 * Nesterov w -= lr * (g + mu * buf). The gradient g includes the coupled weight decay.
 */
public final class Sgd extends Optimizer {

    public static final String NAME = "sgd";
    private static final String MOMENTUM = "momentum";

    private final double momentum;
    private final boolean nesterov;

    Sgd(List<Parameter> parameters, SgdConfig config) {
        super(parameters, config.weightDecay(), config.momentum() == 0 ? new String[0] : new String[] {MOMENTUM});
        this.momentum = config.momentum();
        this.nesterov = config.nesterov();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    protected void apply(NDArray weight, NDArray gradient, NDArray[] buffers, double learningRate, long step) {
        if (momentum == 0) {
            weight.subi(gradient.mul(learningRate));
            return;
        }
        NDArray buffer = buffers[0];
        buffer.muli(momentum).addi(gradient);
        NDArray direction = nesterov ? gradient.add(buffer.mul(momentum)) : buffer;
        weight.subi(direction.mul(learningRate));
    }
}
