package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.cardeck.data.ClassNames;
import io.cardeck.data.ImageShape;
import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.OnnxGraph;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.OnnxNode;
import io.cardeck.onnx.ValueInfo;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitecturesTest {

    /** The ops cardeck's trainer executes; zoo graphs must use no others. */
    private static final Set<String> TRAINER_OPS = Set.of("Conv", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu",
            "LeakyRelu", "Sigmoid", "Tanh", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool", "BatchNormalization",
            "Flatten", "Reshape", "Transpose", "Concat", "Softmax", "Dropout", "Identity", "Constant", "Pad");

    static Stream<Arguments> architecturesAndShapes() {
        return Architectures.names().stream().flatMap(name -> Stream.of(
                Arguments.of(name, new ImageShape(1, 28, 28)),
                Arguments.of(name, new ImageShape(3, 32, 32))));
    }

    @Test
    void registryListsTheThreeArchitecturesAndRejectsOthersNamingThem() {
        assertEquals(List.of("lenet5", "resnet20", "vgg-small"), Architectures.names());
        assertEquals("resnet20", Architectures.byName("resnet20").name());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Architectures.byName("resnet18"));
        assertEquals("unknown architecture 'resnet18'; accepted: lenet5, resnet20, vgg-small", error.getMessage());
    }

    @ParameterizedTest
    @MethodSource("architecturesAndShapes")
    void onnxRuntimeRunsABatchToOneRowOfLogitsPerImage(String name, ImageShape shape) {
        int classes = 7;
        ArchitectureSpec spec = new ArchitectureSpec(name, shape, classes, 1, 3, Normalization.defaultFor(shape.channels()));
        OnnxModel model = Architectures.byName(name).build(spec, "test-set", ClassNames.numbered(classes));

        OnnxGraph graph = model.graph();
        ValueInfo input = graph.inputs().get(0);
        assertEquals(List.of("images"), graph.inputs().stream().map(ValueInfo::name).toList());
        assertEquals(List.of("logits"), graph.outputs().stream().map(ValueInfo::name).toList());
        assertArrayEquals(new long[] {ValueInfo.UNKNOWN_DIM, shape.channels(), shape.height(), shape.width()}, input.dims());
        for (OnnxNode node : graph.nodes()) {
            assertTrue(TRAINER_OPS.contains(node.opType()), node.label() + " uses " + node.opType());
        }

        int batch = 3;
        float[] images = randomImages(batch * shape.size(), 11);
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            Logits logits = session.run(images, batch);
            assertEquals(batch, logits.rows());
            assertEquals(classes, logits.cols());
            for (float value : logits.values()) {
                assertTrue(Float.isFinite(value), Arrays.toString(logits.values()));
            }
            // Different images give different logits: the weights are not degenerate.
            assertFalse(logits.get(0, 0) == logits.get(1, 0) && logits.get(0, 1) == logits.get(1, 1));
        }
    }

    @Test
    void metadataRecordsDatasetLabelsAndTheSpecAsJson() {
        ArchitectureSpec spec = ArchitectureSpec.fashionMnist("resnet20", 2, 99);
        OnnxModel model = Architectures.byName("resnet20").build(spec, "fashion-mnist", ClassNames.FASHION_MNIST);
        assertEquals("fashion-mnist", model.metadata().dataset());
        assertEquals(ClassNames.FASHION_MNIST, model.metadata().labels());
        String json = model.metadata().properties().get("cardeck.architecture");
        assertEquals("{\"architecture\":\"resnet20\",\"input\":[1,28,28],\"classes\":10,\"width\":2,\"seed\":99,"
                + "\"mean\":[0.286],\"std\":[0.353]}", json);
        assertEquals(spec, ArchitectureSpec.fromJson(json, "model"));
        // Survives serialisation.
        OnnxModel reloaded = OnnxModel.parse(model.toBytes(), "reloaded");
        assertEquals(model.metadata(), reloaded.metadata());
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedOtherWeights() {
        for (String name : Architectures.names()) {
            Architecture architecture = Architectures.byName(name);
            byte[] first = architecture.build(ArchitectureSpec.fashionMnist(name, 1, 5), "d", ClassNames.DIGITS).toBytes();
            byte[] second = architecture.build(ArchitectureSpec.fashionMnist(name, 1, 5), "d", ClassNames.DIGITS).toBytes();
            byte[] other = architecture.build(ArchitectureSpec.fashionMnist(name, 1, 6), "d", ClassNames.DIGITS).toBytes();
            assertArrayEquals(first, second, name);
            assertEquals(first.length, other.length, name);
            assertFalse(Arrays.equals(first, other), name);
        }
    }

    @Test
    void firstNodesSubtractTheMeanAndDivideByTheStdPerChannelFromConstants() {
        Normalization normalisation = new Normalization(new float[] {0.1f, 0.5f, 0.9f}, new float[] {0.2f, 0.4f, 0.8f});
        ArchitectureSpec spec = new ArchitectureSpec("lenet5", new ImageShape(3, 32, 32), 10, 1, 1, normalisation);
        OnnxModel model = Architectures.byName("lenet5").build(spec, "cifar10", ClassNames.CIFAR10);
        OnnxGraph graph = model.graph();
        OnnxNode meanNode = graph.nodes().get(0);
        OnnxNode stdNode = graph.nodes().get(1);
        OnnxNode sub = graph.nodes().get(2);
        OnnxNode div = graph.nodes().get(3);
        assertEquals("Constant", meanNode.opType());
        assertEquals("Constant", stdNode.opType());
        assertEquals(meanNode.outputs().get(0), sub.inputs().get(1));
        assertEquals(stdNode.outputs().get(0), div.inputs().get(1));
        assertEquals("Sub", sub.opType());
        assertEquals("images", sub.inputs().get(0));
        assertEquals("Div", div.opType());
        assertEquals(sub.outputs().get(0), div.inputs().get(0));
        FloatTensor mean = FloatTensor.of(meanNode.tensorAttribute("value").orElseThrow());
        FloatTensor std = FloatTensor.of(stdNode.tensorAttribute("value").orElseThrow());
        assertArrayEquals(new long[] {1, 3, 1, 1}, mean.dims());
        assertArrayEquals(new float[] {0.1f, 0.5f, 0.9f}, mean.data());
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.8f}, std.data());

        // The same graph without the four normalisation nodes, fed (x - mean) / std, must give the same logits.
        GraphProto.Builder stripped = model.proto().getGraph().toBuilder();
        String normalised = div.outputs().get(0);
        stripped.removeNode(3).removeNode(2).removeNode(1).removeNode(0);
        stripped.getInputBuilder(0).setName(normalised);
        OnnxModel withoutNormalisation = OnnxModel.of(ModelProto.newBuilder(model.proto()).setGraph(stripped).build(), "stripped");

        int batch = 2;
        int plane = 32 * 32;
        float[] x = randomImages(batch * 3 * plane, 5);
        float[] normalisedX = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int channel = (i / plane) % 3;
            normalisedX[i] = (x[i] - normalisation.mean()[channel]) / normalisation.std()[channel];
        }
        try (ModelSession full = InferenceSessions.open(model, SessionOptionsSpec.cpu());
             ModelSession bare = InferenceSessions.open(withoutNormalisation, SessionOptionsSpec.cpu())) {
            float[] expected = bare.run(normalisedX, batch).values();
            float[] actual = full.run(x, batch).values();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-4f * Math.max(1f, Math.abs(expected[i])), "logit " + i);
            }
        }
    }

    @Test
    void batchNormsStartFromInitialStatisticsWithSpecifiedEpsilonAndMomentum() {
        OnnxModel model = Architectures.byName("vgg-small").build(ArchitectureSpec.fashionMnist("vgg-small", 1, 2), "d",
                ClassNames.DIGITS);
        OnnxGraph graph = model.graph();
        List<OnnxNode> norms = graph.nodes().stream().filter(n -> n.opType().equals("BatchNormalization")).toList();
        assertEquals(6, norms.size());
        for (OnnxNode norm : norms) {
            assertEquals(1e-5f, norm.floatAttribute("epsilon", Float.NaN));
            assertEquals(0.9f, norm.floatAttribute("momentum", Float.NaN));
            float[] expected = {1, 0, 0, 1}; // scale, shift, running mean, running variance
            for (int input = 1; input <= 4; input++) {
                for (float value : graph.floatInitializer(norm.inputs().get(input)).data()) {
                    assertEquals(expected[input - 1], value, norm.label() + " input " + input);
                }
            }
        }
    }

    @Test
    void convsFollowedByBatchNormHaveNoBiasAndWeightsAreKaimingNormal() {
        OnnxModel model = Architectures.byName("resnet20").build(ArchitectureSpec.fashionMnist("resnet20", 1, 8), "d",
                ClassNames.DIGITS);
        OnnxGraph graph = model.graph();
        List<OnnxNode> convs = graph.nodes().stream().filter(n -> n.opType().equals("Conv")).toList();
        assertEquals(21, convs.size()); // 19 3x3 convs + 2 projection shortcuts
        for (OnnxNode conv : convs) {
            assertEquals(2, conv.inputs().size(), conv.label());
            assertEquals("BatchNormalization", graph.consumers(conv.outputs().get(0)).get(0).opType());
        }
        // stage3.block1.conv1: 64 x 64 x 3 x 3 weights, fan-in 576, std sqrt(2 / 576).
        float[] weights = graph.floatInitializer("stage3.block1.conv1.weight").data();
        double sum = 0;
        double squares = 0;
        for (float w : weights) {
            sum += w;
            squares += (double) w * w;
        }
        double mean = sum / weights.length;
        double std = Math.sqrt(squares / weights.length - mean * mean);
        double expectedStd = Math.sqrt(2.0 / 576);
        assertEquals(0, mean, 3 * expectedStd / Math.sqrt(weights.length));
        assertEquals(expectedStd, std, 0.02 * expectedStd);
        for (float bias : graph.floatInitializer("fc.bias").data()) {
            assertEquals(0f, bias);
        }
    }

    @Test
    void buildRejectsASpecForAnotherArchitectureABlankDatasetAndMismatchedLabels() {
        ArchitectureSpec spec = ArchitectureSpec.fashionMnist("lenet5", 1, 1);
        Architecture resnet = Architectures.byName("resnet20");
        assertEquals("the spec is for lenet5, not resnet20",
                assertThrows(IllegalArgumentException.class, () -> resnet.build(spec, "d", ClassNames.DIGITS)).getMessage());
        Architecture lenet = Architectures.byName("lenet5");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> lenet.build(spec, " ", ClassNames.DIGITS))
                .getMessage().startsWith("dataset name must not be blank"));
        assertEquals("expected 10 non-blank class labels (one per class), got [0, 1, 2]",
                assertThrows(IllegalArgumentException.class, () -> lenet.build(spec, "d", ClassNames.numbered(3))).getMessage());
    }

    static float[] randomImages(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }
}
