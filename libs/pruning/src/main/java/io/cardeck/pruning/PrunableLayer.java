package io.cardeck.pruning;

import io.cardeck.onnx.FloatTensor;

/** A weight that pruning may thin out: the float initializer a Conv, Gemm or MatMul node multiplies by. */
public record PrunableLayer(String node, String op, FloatTensor weight) {

    public String name() {
        return weight.name();
    }

    public int size() {
        return weight.data().length;
    }
}
