package io.cardeck.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Arrays;

/**
 * Collects changes to a model; {@link #build()} returns the changed copy and leaves the original
 * untouched. Not thread-safe: one editor per thread.
 */
public final class ModelEditor {

    private final OnnxModel base;
    private final ModelProto.Builder builder;

    ModelEditor(OnnxModel base) {
        this.base = base;
        this.builder = base.proto().toBuilder();
    }

    /**
     * Replaces the values of the FLOAT initializer with the tensor's name, stored as raw_data.
     *
     * @throws IllegalArgumentException if there is no such initializer, it is not FLOAT, or the
     *     replacement's dims differ from the stored dims
     */
    public ModelEditor replaceInitializer(FloatTensor tensor) {
        String name = tensor.name();
        int index = base.graph().initializerPosition(name);
        if (index < 0) {
            throw new IllegalArgumentException(base.sourceName() + ": graph has no initializer named '" + name + "'");
        }
        TensorProto stored = builder.getGraph().getInitializer(index);
        if (stored.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            throw new IllegalArgumentException(base.sourceName() + ": initializer '" + name + "' has data type "
                    + TensorProto.DataType.forNumber(stored.getDataType()) + "; only FLOAT initializers can take a FloatTensor");
        }
        long[] storedDims = Dims.of(stored.getDimsList());
        if (!Arrays.equals(storedDims, tensor.dims())) {
            throw new IllegalArgumentException(base.sourceName() + ": initializer '" + name + "' has dims "
                    + Arrays.toString(storedDims) + "; the replacement has " + Arrays.toString(tensor.dims())
                    + " (replacing keeps dims)");
        }
        TensorProto replaced = stored.toBuilder()
                .clearFloatData()
                .setRawData(tensor.rawData())
                .build();
        builder.getGraphBuilder().setInitializer(index, replaced);
        return this;
    }

    /** Replaces all metadata_props with {@code metadata}. */
    public ModelEditor metadata(ModelMetadata metadata) {
        builder.clearMetadataProps().addAllMetadataProps(MetadataCodec.write(metadata));
        return this;
    }

    public OnnxModel build() {
        return base.derived(builder.build());
    }
}
