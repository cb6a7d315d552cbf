package io.cardeck.onnx.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.onnx.FloatTensor;
import io.cardeck.onnx.GraphBuilder;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.TestModels;
import io.cardeck.onnx.ValueInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelSessionTest {

    private static final float TOLERANCE = 1e-5f;

    private final TestModels.TinyCnn cnn = TestModels.TinyCnn.create();

    @Test
    void cnnLogitsEqualTheDirectComputation() {
        int batch = 3;
        float[] input = TestModels.values(batch * 36, 99);
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu())) {
            Logits logits = session.run(input, batch);
            assertEquals(3, logits.rows());
            assertEquals(3, logits.cols());
            assertArrayEquals(cnn.expectedLogits(input, batch), logits.values(), TOLERANCE);
            assertEquals(Device.CPU, session.executionProvider());
            assertTrue(session.fallbackReason().isEmpty());
            assertEquals("input", session.inputName());
            assertArrayEquals(new long[] {1, 6, 6}, session.sampleShape());
            assertEquals(36, session.sampleSize());
            assertEquals(List.of("logits"), session.outputNames());
        }
    }

    @Test
    void pureGemmEqualsTheDirectComputation() {
        TestModels.PureGemm gemm = TestModels.PureGemm.create();
        float[] input = TestModels.values(5 * 4, 7);
        SessionOptionsSpec spec = SessionOptionsSpec.cpu().withIntraOpThreads(1)
                .withOptimization(SessionOptionsSpec.Optimization.NONE);
        try (ModelSession session = InferenceSessions.open(gemm.model().toBytes(), "gemm.onnx", spec)) {
            Logits logits = session.run(input, 5);
            float[] expected = gemm.expected(input, 5);
            assertArrayEquals(expected, logits.values(), TOLERANCE);
            for (int row = 0; row < 5; row++) {
                int best = 0;
                for (int col = 1; col < 3; col++) {
                    if (expected[row * 3 + col] > expected[row * 3 + best]) {
                        best = col;
                    }
                }
                assertEquals(best, logits.argmax(row));
                assertEquals(expected[row * 3 + 2], logits.get(row, 2), TOLERANCE);
            }
        }
    }

    @Test
    void directBufferInputGivesTheSameLogits() {
        float[] input = TestModels.values(2 * 36, 5);
        FloatBuffer buffer = ByteBuffer.allocateDirect(4 + input.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(-7f).put(input).flip().position(1);
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu())) {
            assertArrayEquals(cnn.expectedLogits(input, 2), session.run(buffer, 2).values(), TOLERANCE);
            assertEquals(1, buffer.position(), "the caller's buffer is left as it was");
        }
    }

    @Test
    void replacedInitializerChangesTheOutputAsComputed() {
        float[] newWeight = TestModels.values(3 * 18, 1234);
        OnnxModel edited = cnn.model().edit()
                .replaceInitializer(new FloatTensor("fc.weight", new long[] {3, 18}, newWeight))
                .build();
        float[] input = TestModels.values(2 * 36, 8);
        try (ModelSession original = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu());
             ModelSession changed = InferenceSessions.open(edited, SessionOptionsSpec.cpu())) {
            float[] before = original.run(input, 2).values();
            float[] after = changed.run(input, 2).values();
            assertArrayEquals(cnn.expectedLogits(input, 2, newWeight), after, TOLERANCE);
            assertFalse(Arrays.equals(before, after));
        }
    }

    @Test
    void wrongInputLengthIsExplained() {
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.run(new float[70], 2));
            assertEquals("tiny-cnn: input has 70 values, but a batch of 2 samples of shape [1, 6, 6] needs 72", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> session.run(new float[0], 0));
        }
    }

    @Test
    void cudaRequestFallsBackToCpuWithAReason() {
        // GPU 63 does not exist on any machine, so the fallback is taken with or without CUDA present.
        float[] input = TestModels.values(36, 3);
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cuda().withCudaDeviceId(63))) {
            assertEquals(Device.CPU, session.executionProvider());
            String reason = session.fallbackReason().orElseThrow();
            assertTrue(reason.startsWith("CUDA execution provider on GPU 63 is unavailable"), reason);
            assertArrayEquals(cnn.expectedLogits(input, 1), session.run(input, 1).values(), TOLERANCE);
        }
    }

    @Test
    void cudaOnThisMachineEitherRunsOrSaysWhyNot() {
        float[] input = TestModels.values(36, 4);
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cuda())) {
            assertEquals(session.executionProvider() == Device.CPU, session.fallbackReason().isPresent());
            assertArrayEquals(cnn.expectedLogits(input, 1), session.run(input, 1).values(), TOLERANCE);
        }
    }

    @Test
    void intermediateOutputsEqualTheDirectComputation() {
        OnnxModel probe = cnn.model().withExtraOutputs(List.of("conv.out", "relu.out", "logits"));
        assertEquals(List.of("logits", "conv.out", "relu.out"),
                probe.graph().outputs().stream().map(ValueInfo::name).toList());
        float[] input = TestModels.values(2 * 36, 21);
        try (ModelSession session = InferenceSessions.open(probe, SessionOptionsSpec.cpu())) {
            Map<String, OutputTensor> outputs = session.runAll(input, 2, List.of("relu.out", "conv.out"));
            assertEquals(List.of("relu.out", "conv.out"), List.copyOf(outputs.keySet()));
            assertArrayEquals(new long[] {2, 2, 6, 6}, outputs.get("conv.out").shape());
            assertArrayEquals(cnn.expectedConv(input, 2), outputs.get("conv.out").data(), TOLERANCE);
            assertArrayEquals(cnn.expectedRelu(input, 2), outputs.get("relu.out").data(), TOLERANCE);
            assertArrayEquals(cnn.expectedLogits(input, 2), session.run(input, 2).values(), TOLERANCE,
                    "the model's own output is unchanged");
        }
    }

    @Test
    void unknownIntermediateValueIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cnn.model().withExtraOutputs(List.of("conv.out", "no.such.value")));
        assertEquals("tiny-cnn: value 'no.such.value' is not produced by any node or graph input, so it cannot be made an output",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cnn.model().withExtraOutputs(List.of("fc.weight")),
                "initializers are constants, not computed values");
    }

    @Test
    void nonFloatIntermediateCanBeExposedButNotReadAsFloats() {
        OnnxModel model = GraphBuilder.named("shape")
                .input("x", GraphBuilder.BATCH, 3)
                .node("shape", "Shape", List.of("x"), "s")
                .node("relu", "Relu", List.of("x"), "y")
                .output("y")
                .build()
                .withExtraOutputs(List.of("s"));
        try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> session.runAll(new float[6], 2, List.of("s")));
            assertTrue(e.getMessage().contains("only float tensor outputs can be read"), e.getMessage());
        }
    }

    @Test
    void unknownOutputNameIsRejected() {
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> session.runAll(new float[36], 1, List.of("conv.out")));
            assertTrue(e.getMessage().contains("'conv.out' is not an output of the model; outputs are [logits]"),
                    e.getMessage());
        }
    }

    @Test
    void sessionsCanRunFromSeveralThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu().withIntraOpThreads(1))) {
            List<Future<float[]>> results = new ArrayList<>();
            List<float[]> inputs = new ArrayList<>();
            for (int task = 0; task < 12; task++) {
                int batch = 1 + task % 4;
                float[] input = TestModels.values(batch * 36, 500 + task);
                inputs.add(input);
                results.add(pool.submit(() -> session.run(input, batch).values()));
            }
            for (int task = 0; task < results.size(); task++) {
                assertArrayEquals(cnn.expectedLogits(inputs.get(task), 1 + task % 4), results.get(task).get(), TOLERANCE);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closedSessionRefusesToRun() {
        ModelSession session = InferenceSessions.open(cnn.model(), SessionOptionsSpec.cpu());
        session.close();
        session.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> session.run(new float[36], 1));
        assertEquals("tiny-cnn: the session is closed", e.getMessage());
    }

    @Test
    void garbageBytesAreNotOpened() {
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> InferenceSessions.open(new byte[] {1, 2, 3}, "x.onnx", SessionOptionsSpec.cpu()));
        assertEquals(OnnxFormatException.Reason.NOT_ONNX, e.reason());
    }

    @Test
    void modelOrtCannotLoadIsReported() {
        OnnxModel unknownOp = GraphBuilder.named("bad-op")
                .input("x", GraphBuilder.BATCH, 3)
                .node("mystery", "NoSuchOperator", List.of("x"), "y")
                .output("y")
                .build();
        OnnxFormatException e = assertThrows(OnnxFormatException.class,
                () -> InferenceSessions.open(unknownOp, SessionOptionsSpec.cpu()));
        assertEquals(OnnxFormatException.Reason.REJECTED_BY_RUNTIME, e.reason());
        assertTrue(e.getMessage().startsWith("bad-op: ONNX Runtime cannot load the model"), e.getMessage());
    }

    @Test
    void inputsASessionCannotFeedAreRejected() {
        OnnxModel twoInputs = GraphBuilder.named("two-inputs")
                .input("a", GraphBuilder.BATCH, 3)
                .input("b", GraphBuilder.BATCH, 3)
                .node("add", "Add", List.of("a", "b"), "y")
                .output("y")
                .build();
        OnnxFormatException two = assertThrows(OnnxFormatException.class,
                () -> InferenceSessions.open(twoInputs, SessionOptionsSpec.cpu()));
        assertEquals(OnnxFormatException.Reason.UNSUPPORTED_INPUT, two.reason());
        assertTrue(two.getMessage().contains("has 2 inputs"), two.getMessage());

        OnnxModel fixedBatch = GraphBuilder.named("fixed").input("x", 2, 3)
                .node("relu", "Relu", List.of("x"), "y").output("y").build();
        try (ModelSession session = InferenceSessions.open(fixedBatch, SessionOptionsSpec.cpu())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> session.run(new float[3], 1));
            assertEquals("fixed: input 'x' has a fixed batch of 2; got a batch of 1", e.getMessage());
            assertArrayEquals(new float[] {0, 1, 0, 2, 0, 3}, session.run(new float[] {-1, 1, -2, 2, -3, 3}, 2).values());
        }
    }

    @Test
    void specValuesAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> SessionOptionsSpec.cpu().withIntraOpThreads(-1));
        assertThrows(IllegalArgumentException.class, () -> SessionOptionsSpec.cuda().withCudaDeviceId(-1));
        assertEquals(Device.CUDA, Device.parse(" Cuda "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse("tpu"));
        assertEquals("unknown device 'tpu'; accepted: [cpu, cuda]", e.getMessage());
    }
}
