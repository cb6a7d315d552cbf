package io.cardeck.trainer.optim;

import io.cardeck.trainer.graph.Parameter;
import java.util.List;

/**
 * SGD settings (torch.optim.SGD with dampening 0).
 *
 * @param momentum in [0, 1)
 * @param nesterov Nesterov momentum; needs momentum > 0 (as torch)
 * @param weightDecay coupled L2 weight decay, >= 0
 */
public record SgdConfig(double momentum, boolean nesterov, double weightDecay) implements OptimizerConfig {

    public SgdConfig {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("SGD momentum must be in [0, 1), got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static SgdConfig plain() {
        return new SgdConfig(0, false, 0);
    }

    @Override
    public Optimizer create(List<Parameter> parameters) {
        return new Sgd(parameters, this);
    }
}
