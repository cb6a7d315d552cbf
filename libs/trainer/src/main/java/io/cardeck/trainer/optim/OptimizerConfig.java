package io.cardeck.trainer.optim;

import io.cardeck.trainer.graph.Parameter;
import java.util.List;

/** The settings of an optimiser (what a manifest records); {@link #create} binds them to parameters. */
public sealed interface OptimizerConfig permits SgdConfig, AdamConfig {

    /** A new optimiser with zeroed state over {@code parameters}; the caller closes it. */
    Optimizer create(List<Parameter> parameters);
}
