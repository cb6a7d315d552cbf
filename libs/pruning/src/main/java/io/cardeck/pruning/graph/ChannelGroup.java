package io.cardeck.pruning.graph;

import java.util.List;

/**
 * Channels that structured pruning removes together (Torch-Pruning's group): the same channels of
 * every layer in {@code producers}, which feed the same positions of everything downstream until a
 * layer reads them. Removing channel i of the group removes filter i of each producer (or the filters
 * a grouped Conv ties to it), its BatchNorm entries, and the input channels or columns it feeds.
 *
 * @param index       position of the group in the graph's list
 * @param channels    per channel of the group, its coupled-channel id in the {@link DependencyGraph}
 * @param producers   the layers whose filters make the channels, in graph order
 * @param consumers   node labels of the layers whose inputs shrink with them (Conv, Gemm)
 * @param perChannel  node labels of the ops in between whose parameters shrink (BatchNormalization, depthwise Conv)
 */
public record ChannelGroup(int index, int[] channels, List<FilterSet> producers, List<String> consumers,
                           List<String> perChannel) {

    public ChannelGroup {
        channels = channels.clone();
        producers = List.copyOf(producers);
        consumers = List.copyOf(consumers);
        perChannel = List.copyOf(perChannel);
    }

    @Override
    public int[] channels() {
        return channels.clone();
    }

    public int size() {
        return channels.length;
    }

    /** Node labels of the producing layers. */
    public List<String> producerNodes() {
        return producers.stream().map(FilterSet::node).toList();
    }

    /** The group's name in reports: its producing layers, joined by '+'. */
    public String name() {
        return String.join("+", producerNodes());
    }
}
