package io.cardeck.trainer.ops;

/**
 * What an op does with one of its inputs; decides how a float initializer feeding it is held.
 */
public enum InputRole {
    /** Gradients flow through it: a float initializer here is a trainable parameter. */
    DIFFERENTIABLE,
    /** State the op updates itself in training (BatchNormalization running statistics): written back, not trained. */
    STATE,
    /** A setting given as a tensor (Clip bounds, Reshape shape, Pad amounts): read, never trained. */
    CONSTANT
}
