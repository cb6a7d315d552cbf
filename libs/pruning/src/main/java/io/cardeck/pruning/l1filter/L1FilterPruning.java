package io.cardeck.pruning.l1filter;

import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.PruningMethod;
import io.cardeck.pruning.PruningParameters;
import io.cardeck.pruning.PruningResult;
import io.cardeck.pruning.catalog.MethodCatalog;
import io.cardeck.pruning.catalog.MethodDescriptor;
import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.DependencyGraph;
import io.cardeck.pruning.importance.L1FilterImportance;
import io.cardeck.pruning.structured.ChannelSelection;
import io.cardeck.pruning.structured.ChannelSurgery;
import io.cardeck.pruning.structured.StructuredPruner;
import java.util.List;
import java.util.Map;

/**
 * L1-norm filter pruning (Li et al., "Pruning Filters for Efficient ConvNets", ICLR 2017), one shot:
 * the dependency graph finds the channel groups, the L1 criterion scores each channel by the norm of
 * its filters, the structured pruner chooses per group or globally, and the surgery removes the
 * channels physically with what they still contributed folded into the next layers' biases.
 */
public final class L1FilterPruning implements PruningMethod<L1FilterParameters> {

    private final StructuredPruner pruner = new StructuredPruner(new L1FilterImportance());

    @Override
    public MethodDescriptor<L1FilterParameters> descriptor() {
        return MethodCatalog.L1_FILTER;
    }

    /** Traces the graph and chooses the channels, without removing them: refuses what {@link #prune} would. */
    @Override
    public void check(OnnxModel model, L1FilterParameters parameters) {
        select(model, parameters, PruningContext.now());
    }

    @Override
    public PruningResult prune(OnnxModel model, L1FilterParameters parameters, PruningContext context) {
        ChannelSelection selection = select(model, parameters, context);
        context.checkCancelled();
        return ChannelSurgery.apply(selection, name(), PruningParameters.toMap(parameters),
                Map.of("criterion", pruner.criterion().name()), context);
    }

    private ChannelSelection select(OnnxModel model, L1FilterParameters parameters, PruningContext context) {
        DependencyGraph graph = DependencyGraph.of(model);
        List<ChannelGroup> groups = StructuredPruner.groupsToPrune(graph, parameters.skip(), "skip");
        if (parameters.keepResidualStreams()) {
            groups = groups.stream().filter(group -> group.producers().size() == 1).toList();
            if (groups.isEmpty()) {
                throw new InvalidParameterException("keepResidualStreams leaves no channel group of " + model.sourceName()
                        + " to prune: every group left is a residual stream (made by several layers)");
            }
        }
        return pruner.select(graph, groups,
                new StructuredPruner.Target(parameters.ratio(), parameters.scope(), parameters.maxLayerRatio(),
                        parameters.roundTo()), context);
    }
}
