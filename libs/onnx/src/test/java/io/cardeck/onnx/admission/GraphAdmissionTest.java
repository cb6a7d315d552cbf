package io.cardeck.onnx.admission;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxFormatException.Reason;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphAdmissionTest {

    private static final GraphLimits LIMITS = GraphLimits.defaults();

    static Stream<Path> zooModels() throws IOException {
        Path models = Path.of("../../models");
        try (Stream<Path> files = Files.walk(models)) {
            List<Path> onnx = files.filter(f -> f.toString().endsWith(".onnx")).sorted().toList();
            assertTrue(onnx.size() >= 6, "the zoo and its CARDs: " + onnx);
            return onnx.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("zooModels")
    void admitsEveryZooModelAndCard(Path file) throws IOException {
        OnnxModel model = OnnxModel.load(file);
        assertDoesNotThrow(() -> GraphAdmission.check(model, LIMITS));
    }

    @Test
    void admitsBoundedUsesOfTheSizedOperators() {
        assertDoesNotThrow(() -> GraphAdmission.check(TestModels.TinyCnn.create().model(), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.constantOfShape(1, 10), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.expand(1, 10), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.tile(1, 1, 2, 2), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.paddedConv(1), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.constantOfShapeOfTheLogits(), LIMITS));
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.tilesHeldAtOnce(2), LIMITS));
    }

    @Test
    void refusesLoopNamingTheNodeAndWhatIsAccepted() {
        OnnxFormatException e = refused(HostileModels.loop(1_000_000_000L), Reason.UNSUPPORTED_OPERATOR);
        assertTrue(e.getMessage().contains("node 'spin' (Loop)"), e.getMessage());
        assertTrue(e.getMessage().contains("control flow is not accepted"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted: Add, AveragePool, BatchNormalization"), e.getMessage());
    }

    @Test
    void refusesOperatorsOfAnotherDomain() {
        OnnxFormatException e = refused(HostileModels.otherDomain(), Reason.UNSUPPORTED_OPERATOR);
        assertTrue(e.getMessage().contains("node 'fused' (FusedGemm) is in domain 'com.microsoft'"), e.getMessage());
    }

    @Test
    void refusesModelLocalFunctions() {
        OnnxFormatException e = refused(HostileModels.localFunction(), Reason.LOCAL_FUNCTIONS);
        assertTrue(e.getMessage().contains("1 local function(s), the first 'custom.Twice'"), e.getMessage());
    }

    @Test
    void refusesWeightsAboveTheLimitCountedByTheirDims() {
        // 300 Mi floats declared, none stored: a small file that ONNX Runtime would allocate 1.2 GB for.
        OnnxFormatException e = refused(HostileModels.declaredWeights(300L * 1024 * 1024), Reason.WEIGHTS_TOO_LARGE);
        assertTrue(e.getMessage().contains("initializer 'bias.extra', 1258291200 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("limit of 67108864 bytes"), e.getMessage());

        OnnxModel tiny = TestModels.TinyCnn.create().model();
        GraphLimits small = GraphLimits.of(100, GraphLimits.DEFAULT_MAX_TENSOR_ELEMENTS,
                GraphLimits.DEFAULT_MAX_ACTIVATION_BYTES);
        OnnxFormatException smallLimit = assertThrows(OnnxFormatException.class, () -> GraphAdmission.check(tiny, small));
        assertTrue(smallLimit.getMessage().contains("declare 308 bytes"), smallLimit.getMessage());
    }

    @Test
    void refusesConstantOfShapeAboveTheLimit() {
        OnnxFormatException e = refused(HostileModels.constantOfShape(1024, 1024, 1024), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("node 'fill' (ConstantOfShape) would make a tensor of 1073741824 elements,"
                + " shape [1024, 1024, 1024] for a batch of 1, more than the limit of 67108864 elements"), e.getMessage());
    }

    @Test
    void refusesShapesThatOverflowALong() {
        OnnxFormatException e = refused(HostileModels.constantOfShape(1L << 40, 1L << 40), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("more than " + Long.MAX_VALUE + " elements"), e.getMessage());
    }

    @Test
    void refusesConstantOfShapeOfAShapeComputedFromThePixels() {
        OnnxFormatException e = refused(HostileModels.constantOfShapeOfThePixels(), Reason.UNBOUNDED_ALLOCATION);
        assertTrue(e.getMessage().contains("node 'fill' (ConstantOfShape) takes its shape from 'shape', which the"
                + " graph computes from the values of its input when it runs"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted: ConstantOfShape sized by constants or by other tensors' shapes"),
                e.getMessage());
    }

    @Test
    void refusesTensorsComputedFromTheImageAboveTheLimit() {
        // Reshape and MatMul of the pixels: no constant says how large; the second product is 1.5 TB per image.
        OnnxFormatException e = refused(HostileModels.outerProducts(), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("node 'hypercube' (MatMul) would make a tensor of 377801998336 elements,"
                + " shape [1, 614656, 614656] for a batch of 1"), e.getMessage());
    }

    @Test
    void theLimitsHoldForTheLargestBatchToo() {
        // One image's pixels are exactly the limit: a batch of 1 passes, a batch of 256 does not.
        GraphLimits oneImage = GraphLimits.of(GraphLimits.DEFAULT_MAX_WEIGHT_BYTES, 784,
                GraphLimits.DEFAULT_MAX_ACTIVATION_BYTES);
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> GraphAdmission.check(HostileModels.tile(1, 1, 1, 1), oneImage));
        assertTrue(e.getMessage().contains("node 'flatten' (Flatten) would make a tensor of 200704 elements,"
                + " shape [256, 784] for a batch of 256"), e.getMessage());
    }

    @Test
    void refusesTensorsThatARunWouldHoldAtOnceAboveTheLimit() {
        // 60 tiles of 39,200 floats per image, each under the limit per tensor, all held until they are summed:
        // the 54th passes the limit, with the logits (10 floats per image) held for the end.
        OnnxFormatException e = refused(HostileModels.tilesHeldAtOnce(60), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("running the graph would hold 2167613440 bytes of computed tensors at once"
                + " for a batch of 256 (at node 'tile53' (Tile)), more than the limit of 2147483648 bytes"), e.getMessage());
        // Summed as they are made, the same tiles are never held together.
        assertDoesNotThrow(() -> GraphAdmission.check(HostileModels.tilesSummedAsMade(60), LIMITS));
    }

    @Test
    void refusesExpandAboveTheLimit() {
        OnnxFormatException e = refused(HostileModels.expand(100_000, 100_000), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("node 'broadcast' (Expand) would make a tensor of 10000000000 elements,"
                + " shape [100000, 100000]"),
                e.getMessage());
    }

    @Test
    void refusesTileOfTheInputByItsSize() {
        // 784 pixels x 100,000 copies: the repeats alone (100,000) are below the limit.
        OnnxFormatException e = refused(HostileModels.tile(100_000, 1, 1, 1), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("node 'copies' (Tile) would make a tensor of 78400000 elements"),
                e.getMessage());
    }

    @Test
    void aNodeWithoutItsInputsIsRefusedWithTheReason() {
        OnnxFormatException e = refused(HostileModels.tileWithoutInputs(), Reason.INVALID_GRAPH);
        assertTrue(e.getMessage().contains("node 'copies' (Tile) cannot run: it lacks its input 0"), e.getMessage());
    }

    @Test
    void refusesConvolutionPaddingAboveTheLimit() {
        OnnxFormatException e = refused(HostileModels.paddedConv(10_000), Reason.ALLOCATION_TOO_LARGE);
        assertTrue(e.getMessage().contains("node 'wide' (Conv) would make a tensor of 401120784 elements, shape"
                + " [1, 1, 20028, 20028] for a batch of 1"), e.getMessage());
    }

    @Test
    void aNarrowerOperatorListRefusesWhatItLeavesOut() {
        GraphLimits noConv = new GraphLimits(Stream.of("Flatten", "Gemm", "Add", "Relu", "MaxPool")
                .collect(java.util.stream.Collectors.toSet()), 1 << 20, 1 << 20, 1 << 20);
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> GraphAdmission.check(TestModels.TinyCnn.create().model(), noConv));
        assertEquals(Reason.UNSUPPORTED_OPERATOR, e.reason());
        assertTrue(e.getMessage().contains("node 'conv' (Conv) is not an operator cardeck's services run; accepted:"
                + " Add, Flatten, Gemm, MaxPool, Relu"), e.getMessage());
    }

    private static OnnxFormatException refused(OnnxModel model, Reason reason) {
        OnnxFormatException e = assertThrows(OnnxFormatException.class, () -> GraphAdmission.check(model, LIMITS));
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}
