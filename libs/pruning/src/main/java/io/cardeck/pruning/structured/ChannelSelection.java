package io.cardeck.pruning.structured;

import io.cardeck.pruning.graph.ChannelGroup;
import io.cardeck.pruning.graph.DependencyGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Which channels of which groups a structured pruner chose to remove.
 *
 * @param graph   the dependency graph the groups belong to
 * @param choices per pruned group, a keep-mask over its channels (true keeps)
 */
public record ChannelSelection(DependencyGraph graph, List<GroupChoice> choices) {

    /** The keep-mask of one group. */
    public record GroupChoice(ChannelGroup group, boolean[] keep) {

        public GroupChoice {
            if (keep.length != group.size()) {
                throw new IllegalArgumentException("group " + group.name() + " has " + group.size() + " channels, the mask "
                        + keep.length);
            }
            keep = keep.clone();
        }

        @Override
        public boolean[] keep() {
            return keep.clone();
        }

        /** Positions in the group of the removed channels, ascending. */
        public int[] removed() {
            return IntStream.range(0, keep.length).filter(i -> !keep[i]).toArray();
        }
    }

    public ChannelSelection {
        choices = List.copyOf(choices);
    }

    /** A mask over all of the graph's coupled channels: true for each one removed. */
    public boolean[] removedChannels() {
        boolean[] removed = new boolean[graph.channelCount()];
        for (GroupChoice choice : choices) {
            int[] channels = choice.group().channels();
            for (int position : choice.removed()) {
                removed[channels[position]] = true;
            }
        }
        return removed;
    }

    /** How many channels go, over all groups. */
    public int removedCount() {
        return choices.stream().mapToInt(c -> c.removed().length).sum();
    }

    /** What the lineage records: per group, its layers, size and the positions removed. */
    public List<Map<String, Object>> recipe() {
        return choices.stream().map(choice -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("producers", choice.group().producerNodes());
            entry.put("consumers", choice.group().consumers());
            entry.put("channels", choice.group().size());
            entry.put("removed", IntStream.of(choice.removed()).boxed().toList());
            return (Map<String, Object>) entry;
        }).toList();
    }
}
