package io.cardeck.trainer.ops;

/**
 * Turns a node of one op type into a {@link Kernel}, reading and checking its attributes once.
 * Unsupported attribute values are reported through {@link NodeContext#error}.
 */
@FunctionalInterface
public interface Operator {

    Kernel compile(NodeContext node);
}
