package io.cardeck.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.data.ImageShape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ArchitectureSpecTest {

    private static final ImageShape GRAY = new ImageShape(1, 28, 28);
    private static final Normalization ONE_CHANNEL = Normalization.FASHION_MNIST;

    @Test
    void fashionMnistSpecUsesItsShapeClassesAndStatistics() {
        ArchitectureSpec spec = ArchitectureSpec.fashionMnist("vgg-small", 2, 4);
        assertEquals(new ImageShape(1, 28, 28), spec.input());
        assertEquals(10, spec.classes());
        assertArrayEquals(new float[] {0.2860f}, spec.normalisation().mean());
        assertArrayEquals(new float[] {0.3530f}, spec.normalisation().std());
        assertEquals(Normalization.CIFAR10, Normalization.defaultFor(3));
    }

    @Test
    void rejectsUnknownArchitecturesListingTheAcceptedOnes() {
        assertMessage("unknown architecture 'alexnet'; accepted: lenet5, resnet20, vgg-small",
                () -> new ArchitectureSpec("alexnet", GRAY, 10, 1, 0, ONE_CHANNEL));
    }

    @Test
    void rejectsTooFewClassesAndWidthsOutOfRange() {
        assertMessage("classes must be at least 2, got 1", () -> new ArchitectureSpec("resnet20", GRAY, 1, 1, 0, ONE_CHANNEL));
        assertMessage("width multiplier must be between 1 and 16, got 0",
                () -> new ArchitectureSpec("resnet20", GRAY, 10, 0, 0, ONE_CHANNEL));
        assertMessage("width multiplier must be between 1 and 16, got 17",
                () -> new ArchitectureSpec("vgg-small", GRAY, 10, 17, 0, ONE_CHANNEL));
        assertMessage("lenet5 has no width multiplier; width must be 1, got 2",
                () -> new ArchitectureSpec("lenet5", GRAY, 10, 2, 0, ONE_CHANNEL));
    }

    @Test
    void rejectsNormalisationThatDoesNotFitTheChannels() {
        assertMessage("normalisation has 1 mean/std pair(s) but the input 3x32x32 has 3 channel(s)",
                () -> new ArchitectureSpec("resnet20", new ImageShape(3, 32, 32), 10, 1, 0, ONE_CHANNEL));
        assertMessage("normalisation needs one mean and one std per channel, got 3 mean(s) and 1 std(s)",
                () -> new Normalization(new float[] {0, 0, 0}, new float[] {1}));
        assertMessage("normalisation std of channel 1 is 0.0; it must be a finite number > 0 (the graph divides by it)",
                () -> new Normalization(new float[] {0, 0}, new float[] {1, 0}));
        assertMessage("normalisation std of channel 0 is -0.5; it must be a finite number > 0 (the graph divides by it)",
                () -> new Normalization(new float[] {0}, new float[] {-0.5f}));
        assertMessage("normalisation mean of channel 0 is NaN; it must be a finite number",
                () -> new Normalization(new float[] {Float.NaN}, new float[] {1}));
        assertMessage("no default normalisation for 2 channels; defaults exist for 1 (Fashion-MNIST) and 3 (CIFAR-10)",
                () -> Normalization.defaultFor(2));
    }

    @Test
    void rejectsInputsTooSmallForTheDownSampling() {
        assertMessage("input 1x11x28 is too small for lenet5: its down-sampling needs height and width of at least 12",
                () -> new ArchitectureSpec("lenet5", new ImageShape(1, 11, 28), 10, 1, 0, ONE_CHANNEL));
        assertMessage("input 1x8x7 is too small for vgg-small: its down-sampling needs height and width of at least 8",
                () -> new ArchitectureSpec("vgg-small", new ImageShape(1, 8, 7), 10, 1, 0, ONE_CHANNEL));
        assertMessage("input 1x3x3 is too small for resnet20: its down-sampling needs height and width of at least 4",
                () -> new ArchitectureSpec("resnet20", new ImageShape(1, 3, 3), 10, 1, 0, ONE_CHANNEL));
        // The smallest accepted sizes build and run.
        for (String name : Architectures.names()) {
            int side = Architectures.byName(name).minimumSide();
            ArchitectureSpec spec = new ArchitectureSpec(name, new ImageShape(1, side, side), 2, 1, 0, ONE_CHANNEL);
            assertEquals(2, Architectures.byName(name).build(spec, "d", List.of("a", "b"))
                    .graph().outputs().get(0).dims()[1]);
        }
    }

    @Test
    void jsonRoundTripsAndSpecsCompareByValue() {
        ArchitectureSpec spec = new ArchitectureSpec("vgg-small", new ImageShape(3, 32, 32), 100, 3, -7L,
                new Normalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.4f, 0.5f, 0.6f}));
        assertEquals("{\"architecture\":\"vgg-small\",\"input\":[3,32,32],\"classes\":100,\"width\":3,\"seed\":-7,"
                + "\"mean\":[0.1,0.2,0.3],\"std\":[0.4,0.5,0.6]}", spec.toJson());
        assertEquals(spec, ArchitectureSpec.fromJson(spec.toJson(), "manifest.json"));
        assertEquals(spec.hashCode(), ArchitectureSpec.fromJson(spec.toJson(), "manifest.json").hashCode());
    }

    @Test
    void fromJsonNamesTheSourceAndTheProblem() {
        String valid = "\"architecture\":\"resnet20\",\"input\":[1,28,28],\"classes\":10,\"width\":1,\"seed\":1,"
                + "\"mean\":[0.3],\"std\":[0.4]";
        String malformed = assertThrows(IllegalArgumentException.class,
                () -> ArchitectureSpec.fromJson("{\"architecture\":", "m.onnx")).getMessage();
        assertTrue(malformed.startsWith("m.onnx: invalid architecture spec: not valid JSON (Unexpected end-of-input"), malformed);
        assertMessage("m.onnx: invalid architecture spec: expected a JSON object with fields"
                + " [architecture, input, classes, width, seed, mean, std]", () -> ArchitectureSpec.fromJson("[1]", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: field 'seed' is missing; fields:"
                + " [architecture, input, classes, width, seed, mean, std]",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("\"seed\":1,", "") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: unknown field 'depth'; accepted fields:"
                + " [architecture, input, classes, width, seed, mean, std]",
                () -> ArchitectureSpec.fromJson("{" + valid + ",\"depth\":20}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: field 'width' must hold 32-bit integers, found 1.5",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("\"width\":1", "\"width\":1.5") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: field 'input' must be [channels, height, width], got [28,28]",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("[1,28,28]", "[28,28]") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: field 'mean' must be an array of numbers, found \"x\"",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("[0.3]", "[\"x\"]") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: unknown architecture 'resnet56'; accepted: lenet5, resnet20, vgg-small",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("resnet20", "resnet56") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: channels must be 1 (gray) or 3 (RGB), got 2",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("[1,28,28]", "[2,28,28]") + "}", "m.onnx"));
        assertMessage("m.onnx: invalid architecture spec: field 'seed' must be a 64-bit integer, got \"1\"",
                () -> ArchitectureSpec.fromJson("{" + valid.replace("\"seed\":1", "\"seed\":\"1\"") + "}", "m.onnx"));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, error.getMessage());
    }
}
