package io.cardeck.onnx.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.cardeck.onnx.OnnxFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ONNX Runtime session for a model with one float input {@code [batch, ...sample dims]}
 * (NCHW images for classifiers).
 *
 * <p>Thread-safety: {@code run} and {@code runAll} may be called from several threads at once
 * (ONNX Runtime sessions are thread-safe). Each calling thread reuses its own direct,
 * native-order input buffer, so ONNX Runtime reads the input without another copy and threads
 * never share a buffer. Close the session only after every run has returned.
 */
public final class ModelSession implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String sourceName;
    private final Device executionProvider;
    private final String fallbackReason;
    private final String inputName;
    private final long declaredBatch;
    private final long[] sampleShape;
    private final int sampleSize;
    private final List<String> outputNames;
    private final ThreadLocal<FloatBuffer> inputBuffers = new ThreadLocal<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelSession(OrtEnvironment environment, OrtSession session, String sourceName, Device executionProvider,
                         String fallbackReason, String inputName, long declaredBatch, long[] sampleShape,
                         List<String> outputNames) {
        this.environment = environment;
        this.session = session;
        this.sourceName = sourceName;
        this.executionProvider = executionProvider;
        this.fallbackReason = fallbackReason;
        this.inputName = inputName;
        this.declaredBatch = declaredBatch;
        this.sampleShape = sampleShape;
        long size = 1;
        for (long dim : sampleShape) {
            size *= dim;
        }
        this.sampleSize = Math.toIntExact(size);
        this.outputNames = outputNames;
    }

    /** Wraps a created session, checking its input; closes the session if the input is unsupported. */
    static ModelSession wrap(OrtEnvironment environment, OrtSession session, String sourceName,
                             Device executionProvider, String fallbackReason) throws OrtException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw unsupported(sourceName, "the model has " + inputs.size() + " inputs " + inputs.keySet()
                        + "; a session feeds exactly one float input [batch, ...]");
            }
            NodeInfo input = inputs.values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
                throw unsupported(sourceName, "input '" + input.getName() + "' is " + input.getInfo()
                        + "; a session feeds a float tensor");
            }
            long[] dims = info.getShape();
            boolean fixedSample = dims.length >= 2 && Arrays.stream(dims, 1, dims.length).allMatch(d -> d > 0);
            if (!fixedSample) {
                throw unsupported(sourceName, "input '" + input.getName() + "' has dims " + Arrays.toString(dims)
                        + "; a session needs a batch dim followed by fixed sizes, e.g. [N, 1, 28, 28]");
            }
            return new ModelSession(environment, session, sourceName, executionProvider, fallbackReason,
                    input.getName(), dims[0], Arrays.copyOfRange(dims, 1, dims.length),
                    List.copyOf(session.getOutputNames()));
        } catch (RuntimeException | OrtException e) {
            session.close();
            throw e;
        }
    }

    private static OnnxFormatException unsupported(String source, String problem) {
        return new OnnxFormatException(source, OnnxFormatException.Reason.UNSUPPORTED_INPUT, problem);
    }

    public String sourceName() {
        return sourceName;
    }

    /** The provider actually in use: CPU when CUDA was requested but could not be used. */
    public Device executionProvider() {
        return executionProvider;
    }

    /** Why CUDA was requested but CPU is used; empty when the requested provider runs. */
    public Optional<String> fallbackReason() {
        return Optional.ofNullable(fallbackReason);
    }

    public String inputName() {
        return inputName;
    }

    /** Input dims after the batch dim, e.g. {@code [1, 28, 28]}. */
    public long[] sampleShape() {
        return sampleShape.clone();
    }

    /** Values per sample: the product of {@link #sampleShape()}. */
    public int sampleSize() {
        return sampleSize;
    }

    /** All outputs the session can produce, in model order; the first is what {@link #run} returns. */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Runs a batch and returns the model's first output as rows of {@code cols} values per sample.
     *
     * @param nchwBatch {@code batchSize * sampleSize()} values, sample after sample
     * @throws IllegalArgumentException if the length does not match the batch size and input shape
     */
    public Logits run(float[] nchwBatch, int batchSize) {
        return run(fill(nchwBatch, batchSize), batchSize);
    }

    /**
     * Runs a batch held in {@code nchwBatch} from its position to its limit. A direct, native-order
     * buffer is used as is; others are copied by ONNX Runtime. The buffer's position is not changed.
     */
    public Logits run(FloatBuffer nchwBatch, int batchSize) {
        return run(nchwBatch, batchSize, null);
    }

    /**
     * Runs a batch that {@code cancellation} can stop from another thread; a stopped run throws an
     * {@link InferenceException}.
     */
    public Logits run(float[] nchwBatch, int batchSize, RunCancellation cancellation) {
        return run(fill(nchwBatch, batchSize), batchSize, cancellation);
    }

    private Logits run(FloatBuffer nchwBatch, int batchSize, RunCancellation cancellation) {
        String output = outputNames.get(0);
        OutputTensor tensor = execute(nchwBatch, batchSize, List.of(output), cancellation).get(output);
        long[] shape = tensor.shape();
        if (shape.length == 0 || shape[0] != batchSize) {
            throw new InferenceException(sourceName + ": output '" + output + "' has shape " + Arrays.toString(shape)
                    + "; expected the batch size " + batchSize + " as first dim", null);
        }
        return new Logits(batchSize, tensor.data().length / batchSize, tensor.data());
    }

    /**
     * Runs a batch and returns the requested float outputs by name, in the requested order.
     *
     * @throws IllegalArgumentException if a name is not an output of the session, or an output is not float
     */
    public Map<String, OutputTensor> runAll(float[] nchwBatch, int batchSize, Collection<String> outputs) {
        for (String name : outputs) {
            if (!outputNames.contains(name)) {
                throw new IllegalArgumentException(sourceName + ": '" + name + "' is not an output of the model; outputs are "
                        + outputNames + " (expose intermediate values with OnnxModel.withExtraOutputs)");
            }
        }
        return execute(fill(nchwBatch, batchSize), batchSize, new ArrayList<>(new LinkedHashSet<>(outputs)), null);
    }

    private FloatBuffer fill(float[] nchwBatch, int batchSize) {
        checkBatch(nchwBatch.length, batchSize);
        FloatBuffer buffer = inputBuffers.get();
        if (buffer == null || buffer.capacity() < nchwBatch.length) {
            buffer = ByteBuffer.allocateDirect(Math.multiplyExact(nchwBatch.length, Float.BYTES))
                    .order(ByteOrder.nativeOrder()).asFloatBuffer();
            inputBuffers.set(buffer);
        }
        buffer.clear();
        buffer.put(nchwBatch).flip();
        return buffer;
    }

    private void checkBatch(long length, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (declaredBatch > 0 && batchSize != declaredBatch) {
            throw new IllegalArgumentException(sourceName + ": input '" + inputName + "' has a fixed batch of "
                    + declaredBatch + "; got a batch of " + batchSize);
        }
        long expected = (long) batchSize * sampleSize;
        if (length != expected) {
            throw new IllegalArgumentException(sourceName + ": input has " + length + " values, but a batch of "
                    + batchSize + " samples of shape " + Arrays.toString(sampleShape) + " needs " + expected);
        }
    }

    private Map<String, OutputTensor> execute(FloatBuffer batch, int batchSize, List<String> outputs,
                                              RunCancellation cancellation) {
        if (closed.get()) {
            throw new IllegalStateException(sourceName + ": the session is closed");
        }
        checkBatch(batch.remaining(), batchSize);
        long[] shape = new long[sampleShape.length + 1];
        shape[0] = batchSize;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        try (OnnxTensor input = OnnxTensor.createTensor(environment, batch, shape);
             OrtSession.Result result = cancellation == null ? session.run(Map.of(inputName, input), Set.copyOf(outputs))
                     : session.run(Map.of(inputName, input), Set.copyOf(outputs), cancellation.options())) {
            Map<String, OutputTensor> tensors = new LinkedHashMap<>();
            for (String name : outputs) {
                tensors.put(name, read(result, name));
            }
            return tensors;
        } catch (OrtException e) {
            throw new InferenceException(sourceName + ": ONNX Runtime failed to run the model: " + e.getMessage(), e);
        }
    }

    private OutputTensor read(OrtSession.Result result, String name) throws OrtException {
        OnnxValue value = result.get(name).orElseThrow(
                () -> new IllegalStateException(sourceName + ": ONNX Runtime returned no value for output '" + name + "'"));
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalArgumentException(sourceName + ": output '" + name + "' is " + value.getInfo()
                    + "; only float tensor outputs can be read");
        }
        long[] shape = tensor.getInfo().getShape();
        float[] data = new float[Math.toIntExact(tensor.getInfo().getNumElements())];
        tensor.getFloatBuffer().get(data);
        return new OutputTensor(name, shape, data);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                session.close();
            } catch (OrtException e) {
                throw new InferenceException(sourceName + ": closing the ONNX Runtime session failed", e);
            }
        }
    }
}
