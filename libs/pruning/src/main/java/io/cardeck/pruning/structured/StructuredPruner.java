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
     * How many channels go: {@code ratio} of each group ({@link Scope#LAYER}) or of all ({@link Scope#GLOBAL},
     * no group losing more than {@code maxLayerRatio}), then each group's kept count rounded to the nearest
     * multiple of {@code roundTo} (at least one multiple, at most the group; groups no larger than
     * {@code roundTo} are left as they are), as Torch-Pruning's {@code round_to}: ONNX Runtime's blocked
     * (NCHWc) convolutions on x86 CPUs take channel counts in multiples of 8 (AVX2) or 16 (AVX-512), and
     * other counts run on a slower path.
     */
    public record Target(double ratio, Scope scope, double maxLayerRatio, int roundTo) {

        public Target {
            if (roundTo < 1) {
                throw new IllegalArgumentException("roundTo must be at least 1, got " + roundTo);
            }
        }

        /** How many of a group's {@code size} channels go when {@code prune} would before rounding. */
        int rounded(int size, int prune) {
            if (roundTo == 1 || size <= roundTo) {
                return prune;
            }
            int keep = (int) Math.round((double) (size - prune) / roundTo) * roundTo;
            return size - Math.min(size, Math.max(roundTo, keep));
        }
    }

    /**
     * @throws InvalidParameterException if the ratio would remove a whole group, or cannot be met under the cap
     */
    public ChannelSelection select(DependencyGraph graph, List<ChannelGroup> groups, Target target, PruningContext context) {
        OnnxGraph weights = graph.model().graph();
        List<float[]> scores = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            context.checkCancelled();
            scores.add(criterion.scores(groups.get(g), weights));
            context.progress().report(0.5 * (g + 1) / groups.size(), "scored " + groups.get(g).name() + " ("
                    + criterion.name() + ")");
        }
        int[] prune = target.scope() == Scope.LAYER ? perGroup(groups, target.ratio())
                : global(groups, scores, target.ratio(), target.maxLayerRatio());
        List<ChannelSelection.GroupChoice> choices = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int count = target.rounded(groups.get(g).size(), prune[g]);
            choices.add(new ChannelSelection.GroupChoice(groups.get(g),
                    ScoreRanking.keepMasks(List.of(scores.get(g)), count).get(0)));
        }
        return new ChannelSelection(graph, choices);
    }

    private static int[] perGroup(List<ChannelGroup> groups, double ratio) {
        int[] prune = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            int size = groups.get(g).size();
            prune[g] = (int) Math.round(ratio * size);
            if (prune[g] >= size) {
                throw new InvalidParameterException(String.format(Locale.ROOT, "a ratio of %s removes all %d channels of %s"
                        + " (round(%s x %d) = %d); every layer keeps at least one: use a ratio below %.3f or skip %s",
                        ratio, size, groups.get(g).name(), ratio, size, prune[g], (size - 0.5) / size,
                        groups.get(g).producerNodes().get(0)));
            }
        }
        return prune;
    }

    /** How many channels each group loses under one ranking of scores divided by their group's mean. */
    private static int[] global(List<ChannelGroup> groups, List<float[]> scores, double ratio, double maxLayerRatio) {
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
        // Within a group the relative ranking is the raw one, so the counts are all that the global ranking decides.
        return ScoreRanking.countsUnderCaps(relative, prune, caps);
    }
}
