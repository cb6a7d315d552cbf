package io.cardeck.pruning.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.NodeAttribute;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.InvalidParameterException;
import io.cardeck.pruning.ZooModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which channels go together, asserted group by group on the zoo's architectures and on graphs made for one op each. */
class DependencyGraphTest {

    /** A group as the tests spell it out: producing layers, reading layers, per-channel ops between, size. */
    private record Expected(List<String> producers, List<String> consumers, List<String> perChannel, int size) {}

    private static Expected of(ChannelGroup group) {
        return new Expected(group.producerNodes(), group.consumers(), group.perChannel(), group.size());
    }

    @Test
    void leNet5HasOneGroupPerLayerAndTheClassifierIsPinned() {
        DependencyGraph graph = DependencyGraph.of(ZooModels.load("lenet5-standard"));
        assertEquals(List.of(
                new Expected(List.of("conv1"), List.of("conv2"), List.of(), 6),
                new Expected(List.of("conv2"), List.of("fc1"), List.of(), 16),
                new Expected(List.of("fc1"), List.of("fc2"), List.of(), 120),
                new Expected(List.of("fc2"), List.of("fc3"), List.of(), 84)),
                graph.groups().stream().map(DependencyGraphTest::of).toList());
        // conv2's 16 maps of 5x5 reach fc1 through Flatten: channel c is columns 25c .. 25c + 24.
        ChannelGroup conv2 = graph.groups().get(1);
        int[] columns = inputs(graph, "fc1").channels();
        assertEquals(400, columns.length);
        for (int column = 0; column < 400; column++) {
            assertEquals(conv2.channels()[column / 25], columns[column], "column " + column);
        }
        assertArrayEquals(new int[] {0}, conv2.producers().get(0).indices()[0]);
        assertArrayEquals(new int[] {15}, conv2.producers().get(0).indices()[15]);
    }

    @Test
    void resNet20CouplesEachStageThroughItsResidualSumsAndShortcut() {
        DependencyGraph graph = DependencyGraph.of(ZooModels.load("resnet20-standard"));
        List<Expected> expected = new ArrayList<>();
        for (int stage = 1; stage <= 3; stage++) {
            String s = "stage" + stage;
            int width = 16 << (stage - 1);
            List<String> producers = new ArrayList<>();
            List<String> norms = new ArrayList<>();
            if (stage == 1) {
                producers.add("stem.conv");
                norms.add("stem.bn");
            }
            List<String> consumers = new ArrayList<>();
            for (int block = 0; block < 3; block++) {
                String b = s + ".block" + block;
                producers.add(b + ".conv2");
                norms.add(b + ".bn2");
                if (stage > 1 && block == 0) {
                    producers.add(b + ".shortcut.conv");
                    norms.add(b + ".shortcut.bn");
                }
                if (stage == 1 || block > 0) {
                    consumers.add(b + ".conv1");
                }
            }
            consumers.addAll(stage < 3 ? List.of("stage" + (stage + 1) + ".block0.conv1",
                    "stage" + (stage + 1) + ".block0.shortcut.conv") : List.of("fc"));
            // The stage group's channel ids start at its first producer: stem.conv, or block0.conv2 after block0.conv1.
            if (stage > 1) {
                expected.add(internal(s + ".block0", width));
            }
            expected.add(new Expected(producers, consumers, norms, width));
            for (int block = stage == 1 ? 0 : 1; block < 3; block++) {
                expected.add(internal(s + ".block" + block, width));
            }
        }
        assertEquals(expected, graph.groups().stream().map(DependencyGraphTest::of).toList());
        // Global average pooling leaves one column per channel of stage 3 in the classifier.
        ChannelGroup stage3 = graph.groups().stream().filter(g -> g.consumers().contains("fc")).findFirst().orElseThrow();
        assertArrayEquals(stage3.channels(), inputs(graph, "fc").channels());
    }

    private static Expected internal(String block, int width) {
        return new Expected(List.of(block + ".conv1"), List.of(block + ".conv2"), List.of(block + ".bn1"), width);
    }

    @Test
    void concatenatedChannelsKeepTheirOffsets() {
        OnnxModel model = start("concat")
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .initializer("b.w", new long[] {4, 1, 3, 3}, weights(36))
                .initializer("c.w", new long[] {5, 7, 1, 1}, weights(35))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("b", "Conv", List.of("x", "b.w"), "b.out")
                .node("cat", "Concat", List.of("a.out", "b.out"), "cat", NodeAttribute.ofInt("axis", 1))
                .node("c", "Conv", List.of("cat", "c.w"), "y")
                .output("y")
                .build();
        DependencyGraph graph = DependencyGraph.of(model);
        assertEquals(List.of(new Expected(List.of("a"), List.of("c"), List.of(), 3),
                new Expected(List.of("b"), List.of("c"), List.of(), 4)), graph.groups().stream().map(DependencyGraphTest::of).toList());
        int[] expected = new int[7];
        System.arraycopy(graph.groups().get(0).channels(), 0, expected, 0, 3);
        System.arraycopy(graph.groups().get(1).channels(), 0, expected, 3, 4);
        assertArrayEquals(expected, inputs(graph, "c").channels(), "c's input channels 0-2 are a's, 3-6 b's");
    }

    @Test
    void aGroupedConvTiesThePositionsOfItsGroupsTogether() {
        // 8 channels into a Conv of 2 groups: position j of group 0 (channel j) and of group 1 (channel 4 + j) go together.
        OnnxModel model = start("grouped")
                .initializer("a.w", new long[] {8, 1, 3, 3}, weights(72))
                .initializer("g.w", new long[] {6, 4, 1, 1}, weights(24))
                .initializer("c.w", new long[] {2, 6, 1, 1}, weights(12))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("g", "Conv", List.of("a.out", "g.w"), "g.out", NodeAttribute.ofInt("group", 2))
                .node("c", "Conv", List.of("g.out", "c.w"), "y")
                .output("y")
                .build();
        DependencyGraph graph = DependencyGraph.of(model);
        assertEquals(List.of(new Expected(List.of("a"), List.of("g"), List.of(), 4),
                new Expected(List.of("g"), List.of("c"), List.of(), 3)), graph.groups().stream().map(DependencyGraphTest::of).toList());
        int[][] a = graph.groups().get(0).producers().get(0).indices();
        assertArrayEquals(new int[][] {{0, 4}, {1, 5}, {2, 6}, {3, 7}}, a);
        assertArrayEquals(new int[][] {{0, 3}, {1, 4}, {2, 5}}, graph.groups().get(1).producers().get(0).indices());
    }

    @Test
    void aDepthwiseConvCarriesItsInputChannels() {
        OnnxModel model = start("depthwise")
                .initializer("a.w", new long[] {4, 1, 3, 3}, weights(36))
                .initializer("dw.w", new long[] {8, 1, 3, 3}, weights(72))
                .initializer("pw.w", new long[] {5, 8, 1, 1}, weights(40))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("dw", "Conv", List.of("a.out", "dw.w"), "dw.out", NodeAttribute.ofInt("group", 4))
                .node("pw", "Conv", List.of("dw.out", "pw.w"), "y")
                .output("y")
                .build();
        DependencyGraph graph = DependencyGraph.of(model);
        assertEquals(List.of(new Expected(List.of("a"), List.of("pw"), List.of("dw"), 4)),
                graph.groups().stream().map(DependencyGraphTest::of).toList());
        int[] a = graph.groups().get(0).channels();
        int[] expected = {a[0], a[0], a[1], a[1], a[2], a[2], a[3], a[3]};
        assertArrayEquals(expected, inputs(graph, "pw").channels(), "multiplier 2: outputs 2c and 2c + 1 filter channel c");
        assertEquals(List.of("dw"), graph.depthwiseConvs().stream().map(d -> d.node().label()).toList());
    }

    @Test
    void channelsThatReachAGraphOutputArePinned() {
        OnnxModel model = start("pinned")
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .initializer("b.w", new long[] {2, 3, 1, 1}, weights(6))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("relu", "Relu", List.of("a.out"), "r")
                .node("b", "Conv", List.of("r", "b.w"), "y")
                .output("y")
                .output("r")
                .build();
        DependencyGraph graph = DependencyGraph.of(model);
        assertEquals(List.of(), graph.groups());
        assertTrue(graph.pinned(0) && graph.pinned(3));
    }

    @Test
    void anOpThatCannotBeFollowedRefusesTheGraphNamingTheNode() {
        OnnxModel reshape = start("reshape")
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .int64Initializer("shape", 0, -1)
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("to-rows", "Reshape", List.of("a.out", "shape"), "y")
                .output("y")
                .build();
        UnsupportedGraphException error = assertThrows(UnsupportedGraphException.class, () -> DependencyGraph.of(reshape));
        assertEquals("to-rows", error.node());
        assertEquals("Reshape", error.op());
        assertTrue(error.getMessage().startsWith("reshape: node 'to-rows' (Reshape) reads pruned channels"), error.getMessage());
        assertTrue(error instanceof InvalidParameterException, "requests with such a model are invalid");
    }

    @Test
    void aPerChannelOperandOrASharedWeightIsRefused() {
        OnnxModel perChannel = start("per-channel")
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .initializer("shift", new long[] {1, 3, 1, 1}, weights(3))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("shift-add", "Add", List.of("a.out", "shift"), "y")
                .output("y")
                .build();
        UnsupportedGraphException add = assertThrows(UnsupportedGraphException.class, () -> DependencyGraph.of(perChannel));
        assertEquals("shift-add", add.node());
        assertTrue(add.getMessage().contains("'shift', which is not a one-element constant"), add.getMessage());

        OnnxModel shared = start("shared")
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .initializer("b.w", new long[] {3, 3, 1, 1}, weights(9))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("b1", "Conv", List.of("a.out", "b.w"), "b1.out")
                .node("b2", "Conv", List.of("b1.out", "b.w"), "y")
                .output("y")
                .build();
        UnsupportedGraphException tied = assertThrows(UnsupportedGraphException.class, () -> DependencyGraph.of(shared));
        assertTrue(tied.getMessage().contains("shares its initializer 'b.w' with [b2]"), tied.getMessage());

        OnnxModel concatInput = start("concat-input")
                .initializer("a.w", new long[] {3, 1, 1, 1}, weights(3))
                .node("a", "Conv", List.of("x", "a.w"), "a.out")
                .node("cat", "Concat", List.of("a.out", "x"), "y", NodeAttribute.ofInt("axis", 1))
                .output("y")
                .build();
        assertEquals("cat", assertThrows(UnsupportedGraphException.class, () -> DependencyGraph.of(concatInput)).node());
    }

    @Test
    void opsOnTheInputBeforeAnyLayerNeedNoSupport() {
        // The zoo's normalisation (Sub, Div by Constant nodes) comes before the stem; a Reshape there is as harmless.
        OnnxModel model = GraphBuilder.named("input-ops")
                .input("x", GraphBuilder.BATCH, 1, 28, 28)
                .int64Initializer("shape", 0, 1, 28, 28)
                .initializer("a.w", new long[] {3, 1, 3, 3}, weights(27))
                .initializer("b.w", new long[] {2, 3, 1, 1}, weights(6))
                .node("reshape", "Reshape", List.of("x", "shape"), "x2")
                .node("a", "Conv", List.of("x2", "a.w"), "a.out")
                .node("b", "Conv", List.of("a.out", "b.w"), "y")
                .output("y")
                .build();
        assertEquals(1, DependencyGraph.of(model).groups().size());
    }

    private static TensorSlice inputs(DependencyGraph graph, String node) {
        return graph.slices().stream().filter(s -> s.node().label().equals(node) && s.role() == TensorSlice.Role.INPUTS)
                .findFirst().orElseThrow();
    }

    private static GraphBuilder start(String name) {
        return GraphBuilder.named(name).input("x", GraphBuilder.BATCH, 1, 28, 28);
    }

    private static float[] weights(int count) {
        SplittableRandom random = new SplittableRandom(count);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * 0.3f;
        }
        return values;
    }
}
