package io.cardeck.pruning.importance;

import io.cardeck.onnx.OnnxGraph;
import io.cardeck.pruning.graph.ChannelGroup;

/**
 * How much each channel of a coupled group matters (Torch-Pruning's importance): the structured
 * pruner removes the lowest scores first. Separate from the dependency graph, which says what goes
 * together, and from the pruner, which decides how many go where, so a new criterion (L2 of a
 * filter, GraNet's gradient) is one class.
 */
public interface GroupImportance {

    String name();

    /** One score per channel of {@code group}, in the group's channel order; {@code graph} holds the weights. */
    float[] scores(ChannelGroup group, OnnxGraph graph);
}
