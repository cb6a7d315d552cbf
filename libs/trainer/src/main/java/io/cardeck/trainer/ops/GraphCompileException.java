package io.cardeck.trainer.ops;

/**
 * A graph the trainer cannot run: an op type or attribute it does not support, a value no node
 * defines. Raised when the graph is compiled, before any training step; the message names the
 * model, the node and its op type.
 */
public final class GraphCompileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public GraphCompileException(String message) {
        super(message);
    }
}
