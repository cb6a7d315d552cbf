package io.cardeck.trainer.ops;

import io.cardeck.onnx.OnnxNode;
import java.util.Optional;

/** What an {@link Operator} knows about its node while compiling it. */
public interface NodeContext {

    OnnxNode node();

    /** The model's opset version for the default ONNX domain. */
    int opset();

    /** Whether input {@code index} is given (declared and not the empty name). */
    boolean hasInput(int index);

    /** Whether output {@code index} is requested (declared and not the empty name). */
    boolean hasOutput(int index);

    /** Number of declared outputs, including omitted ones. */
    int outputCount();

    /** The values of input {@code index} if it is a constant FLOAT tensor (initializer held constant, or Constant node). */
    Optional<ConstantTensor> constant(int index);

    /** An error naming the model, the node and its op type; throw it. */
    GraphCompileException error(String problem);
}
