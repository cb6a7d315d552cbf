package io.cardeck.zoo;

import io.cardeck.onnx.OnnxModel;
import java.util.List;

/**
 * A model architecture that builds itself as an ONNX graph: input {@value #INPUT} (NCHW float32
 * in [0, 1], symbolic batch dim), normalisation as the first two nodes (Sub mean, Div std), output
 * {@value #OUTPUT} {@code [batch, classes]}. Find one with {@link Architectures#byName(String)}.
 */
public sealed interface Architecture permits LeNet5, ResNet20, VggSmall {

    String INPUT = "images";
    String OUTPUT = "logits";

    /** The registry name, e.g. {@code resnet20}. */
    String name();

    /** One line saying which variant this is. */
    String description();

    /** Whether {@link ArchitectureSpec#width()} scales the channels; if not, the width must be 1. */
    boolean hasWidth();

    /** The smallest input height and width the down-sampling leaves at least one pixel of. */
    int minimumSide();

    /**
     * Builds the model with freshly initialised weights, {@code dataset} and {@code labels} in its
     * metadata and the spec as JSON under {@link ArchitectureSpec#METADATA_KEY}.
     *
     * @throws IllegalArgumentException if the spec names another architecture, the dataset name is
     *     blank or there is not one label per class
     */
    OnnxModel build(ArchitectureSpec spec, String dataset, List<String> labels);
}
