package io.cardeck.pruning.structured;

import io.cardeck.onnx.OnnxGraph;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.PrunableLayers;
import io.cardeck.pruning.PruningContext;
import io.cardeck.pruning.allocation.ScoreRanking;
import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.DependencyGraph;
import io.cardeck.pruning.importance.GroupImportance;
import io.cardeck.pruning.unstructured.Scope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses the channels to remove under an importance criterion: per group the same ratio of its
 * channels ({@link Scope#LAYER}, as Li et al. prune each layer), or one ranking over all groups
 * ({@link Scope#GLOBAL}). Under a global ranking each group's scores are divided by their mean first,
 * since raw filter norms grow with a layer's fan-in and would otherwise decide which layers lose
 * channels; and no group loses more than a cap, nor ever its last channel.
 */
public final class StructuredPruner {

    private final GroupImportance criterion;

    public StructuredPruner(GroupImportance criterion) {
        this.criterion = criterion;
    }

    public GroupImportance criterion() {
        return criterion;
    }

    /**
     * The groups of {@code graph} to prune: all but those whose filters a layer named in {@code skip}
     * produces (node or weight names, {@code stem}, {@code classifier}). A skipped layer keeps its
     * filters; its input channels still shrink when the layers before it are pruned.
     *
     * @param parameter the request's parameter that holds the names, for error messages
     * @throws InvalidParameterException if a name matches no layer, or no group is left
     */
    public static List<ChannelGroup> groupsToPrune(DependencyGraph graph, List<String> skip, String parameter) {
        String model = graph.model().sourceName();
        Set<String> skipped = PrunableLayers.named(graph.model(), skip, parameter).stream().map(PrunableLayer::node)
                .collect(Collectors.toSet());
        if (graph.groups().isEmpty()) {
            throw new InvalidParameterException(model + " has no channels that structured pruning can remove: every"
                    + " channel reaches a graph output");
        }
        List<ChannelGroup> groups = graph.groups().stream()
                .filter(g -> g.producerNodes().stream().noneMatch(skipped::contains)).toList();
        if (groups.isEmpty()) {
            throw new InvalidParameterException(parameter + " " + skip + " leaves no channel group of " + model
                    + " to prune; its groups are produced by " + graph.groups().stream().map(ChannelGroup::name).toList());
        }
        return groups;
    }

    /**
     * @param ratio         the fraction of channels removed: of each group (layer scope) or of all (global)
     * @param maxLayerRatio under a global scope, the most of any one group that goes
     * @throws InvalidParameterException if the ratio would remove a whole group, or cannot be met under the cap
     */
    public ChannelSelection select(DependencyGraph graph, List<ChannelGroup> groups, double ratio, Scope scope,
                                   double maxLayerRatio, PruningContext context) {
        OnnxGraph weights = graph.model().graph();
        List<float[]> scores = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            context.checkCancelled();
            scores.add(criterion.scores(groups.get(g), weights));
            context.progress().report(0.5 * (g + 1) / groups.size(), "scored " + groups.get(g).name() + " ("
                    + criterion.name() + ")");
        }
        List<boolean[]> keep = scope == Scope.LAYER ? perGroup(groups, scores, ratio) : global(groups, scores, ratio,
                maxLayerRatio);
        List<ChannelSelection.GroupChoice> choices = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            choices.add(new ChannelSelection.GroupChoice(groups.get(g), keep.get(g)));
        }
        return new ChannelSelection(graph, choices);
    }

    private static List<boolean[]> perGroup(List<ChannelGroup> groups, List<float[]> scores, double ratio) {
        List<boolean[]> keep = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int size = groups.get(g).size();
            int prune = (int) Math.round(ratio * size);
            if (prune >= size) {
                throw new InvalidParameterException(String.format(Locale.ROOT, "a ratio of %s removes all %d channels of %s"
                        + " (round(%s x %d) = %d); every layer keeps at least one: use a ratio below %.3f or skip %s",
                        ratio, size, groups.get(g).name(), ratio, size, prune, (size - 0.5) / size,
                        groups.get(g).producerNodes().get(0)));
            }
            keep.add(ScoreRanking.keepMasks(List.of(scores.get(g)), prune).get(0));
        }
        return keep;
    }

    private static List<boolean[]> global(List<ChannelGroup> groups, List<float[]> scores, double ratio,
                                          double maxLayerRatio) {
        List<float[]> relative = new ArrayList<>();
        for (float[] groupScores : scores) {
            double mean = 0;
            for (float score : groupScores) {
                mean += score / groupScores.length;
            }
            float[] divided = groupScores.clone();
            if (mean > 0) {
                for (int i = 0; i < divided.length; i++) {
                    divided[i] = (float) (divided[i] / mean);
                }
            }
            relative.add(divided);
        }
        int total = groups.stream().mapToInt(ChannelGroup::size).sum();
        int prune = (int) Math.round(ratio * total);
        int[] caps = groups.stream().mapToInt(g -> Math.min(g.size() - 1, (int) Math.floor(maxLayerRatio * g.size())))
                .toArray();
        if (Arrays.stream(caps).sum() < prune) {
            throw new InvalidParameterException("a ratio of " + ratio + " (" + prune + " of " + total + " channels) cannot be"
                    + " met with no layer losing more than maxLayerRatio " + maxLayerRatio + " of its channels (at most "
                    + Arrays.stream(caps).sum() + "); raise maxLayerRatio or lower the ratio");
        }
        return ScoreRanking.keepMasksUnderCaps(relative, prune, caps);
    }
}
