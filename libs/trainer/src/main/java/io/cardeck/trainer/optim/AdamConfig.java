package io.cardeck.trainer.optim;

import io.cardeck.trainer.graph.Parameter;
import java.util.List;

/**
 * Adam settings (torch.optim.Adam).
 *
 * @param beta1 first-moment decay in [0, 1)
 * @param beta2 second-moment decay in [0, 1)
 * @param epsilon added to the denominator, > 0
 * @param weightDecay coupled L2 weight decay, >= 0
 */
public record AdamConfig(double beta1, double beta2, double epsilon, double weightDecay) implements OptimizerConfig {

    public AdamConfig {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("Adam epsilon must be finite and > 0, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be finite and >= 0, got " + weightDecay);
        }
    }

    /** torch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamConfig defaults() {
        return new AdamConfig(0.9, 0.999, 1e-8, 0);
    }

    @Override
    public Optimizer create(List<Parameter> parameters) {
        return new Adam(parameters, this);
    }
}
