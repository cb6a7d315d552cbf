package io.cardeck.pruning;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Facts about a pruning run that are not parameters of the method.
 *
 * @param parentModelId the parent's id in cardeck's store, or null for a model from a file
 * @param createdAt     the time written into the lineage
 * @param sampleShape   input shape after the batch dim for counting MACs; null to take the model's own
 */
public record PruningContext(String parentModelId, Instant createdAt, long[] sampleShape) {

    public PruningContext {
        Objects.requireNonNull(createdAt, "createdAt");
        sampleShape = sampleShape == null ? null : sampleShape.clone();
    }

    public static PruningContext now() {
        return new PruningContext(null, Instant.now(), null);
    }

    /** The sample shape to count MACs at: the one given, else the model's fixed input shape. */
    public long[] sampleShapeFor(io.cardeck.onnx.OnnxModel model) {
        return sampleShape != null ? sampleShape.clone() : model.graph().fixedSampleShape();
    }

    @Override
    public long[] sampleShape() {
        return sampleShape == null ? null : sampleShape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PruningContext c && Objects.equals(parentModelId, c.parentModelId)
                && createdAt.equals(c.createdAt) && Arrays.equals(sampleShape, c.sampleShape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(parentModelId, createdAt, Arrays.hashCode(sampleShape));
    }

    @Override
    public String toString() {
        return "PruningContext[parentModelId=" + parentModelId + ", createdAt=" + createdAt + ", sampleShape="
                + Arrays.toString(sampleShape) + "]";
    }
}
