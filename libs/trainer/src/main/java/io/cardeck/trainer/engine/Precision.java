package io.cardeck.trainer.engine;

import ai.djl.ndarray.types.DataType;

/**
 * Element type the trainer computes in. ONNX models are float32; float64 exists for gradient
 * checks against finite differences, where float32 rounding would hide real errors.
 */
public enum Precision {
    FLOAT32(DataType.FLOAT32),
    FLOAT64(DataType.FLOAT64);

    private final DataType dataType;

    Precision(DataType dataType) {
        this.dataType = dataType;
    }

    public DataType dataType() {
        return dataType;
    }
}
