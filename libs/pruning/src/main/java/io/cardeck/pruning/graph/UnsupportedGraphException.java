package io.cardeck.pruning.graph;

import io.cardeck.onnx.OnnxNode;
import io.cardeck.pruning.InvalidParameterException;

/**
 * The model has a node through which structured pruning cannot prove that removing channels keeps
 * the graph valid and its function known, so the model is refused as a whole rather than half
 * pruned. The platform answers it with 422 (unsupported model), where other invalid parameters get 400.
 */
public final class UnsupportedGraphException extends InvalidParameterException {

    private final String node;
    private final String op;

    public UnsupportedGraphException(String model, OnnxNode node, String reason) {
        super(model + ": node '" + node.label() + "' (" + node.opType() + ") " + reason);
        this.node = node.label();
        this.op = node.opType();
    }

    /** The refused node's name (or {@code opType#index} when it has none). */
    public String node() {
        return node;
    }

    public String op() {
        return op;
    }
}
