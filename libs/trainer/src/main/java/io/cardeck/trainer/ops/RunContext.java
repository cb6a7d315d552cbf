package io.cardeck.trainer.ops;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.SplittableRandom;

/**
 * What a kernel may use while running.
 *
 * @param training training mode (batch statistics, active dropout) or inference mode
 * @param dataType the element type floats are computed in
 * @param manager where new arrays go (the pass's scope)
 * @param random the pass's random stream (dropout masks), seeded by the caller for reproducibility
 */
public record RunContext(boolean training, DataType dataType, NDManager manager, SplittableRandom random) {
}
