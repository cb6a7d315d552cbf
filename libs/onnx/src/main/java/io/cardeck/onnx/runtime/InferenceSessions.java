package io.cardeck.onnx.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;

/**
 * Creates {@link ModelSession}s on the process-wide ONNX Runtime environment. When CUDA is
 * requested but cannot be used (no GPU, or no CUDA 12 / cuDNN 9 libraries), the session runs on
 * CPU and the reason is logged and kept in {@link ModelSession#fallbackReason()}.
 */
public final class InferenceSessions {

    private static final System.Logger LOG = System.getLogger(InferenceSessions.class.getName());

    private InferenceSessions() {
    }

    /** The one ONNX Runtime environment of this process. */
    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    public static ModelSession open(OnnxModel model, SessionOptionsSpec spec) {
        return create(model.toBytes(), model.sourceName(), spec);
    }

    /**
     * Checks the bytes as an ONNX model, then opens a session on them.
     *
     * @throws OnnxFormatException if the bytes are not an acceptable model or ONNX Runtime rejects it
     */
    public static ModelSession open(byte[] modelBytes, String sourceName, SessionOptionsSpec spec) {
        OnnxModel.parse(modelBytes, sourceName);
        return create(modelBytes, sourceName, spec);
    }

    private static ModelSession create(byte[] bytes, String source, SessionOptionsSpec spec) {
        OrtEnvironment environment = environment();
        String fallbackReason = null;
        if (spec.device() == Device.CUDA) {
            try (OrtSession.SessionOptions options = options(spec)) {
                options.addCUDA(spec.cudaDeviceId());
                // Missing libraries fail in addCUDA; a missing or wrong GPU fails when the session starts.
                return ModelSession.wrap(environment, environment.createSession(bytes, options), source, Device.CUDA, null);
            } catch (OrtException e) {
                fallbackReason = "CUDA execution provider on GPU " + spec.cudaDeviceId() + " is unavailable ("
                        + e.getMessage() + "); it needs an NVIDIA GPU with CUDA 12 and cuDNN 9 libraries on the"
                        + " library path, so the model runs on CPU";
                LOG.log(System.Logger.Level.WARNING, source + ": " + fallbackReason);
            }
        }
        try (OrtSession.SessionOptions options = options(spec)) {
            return ModelSession.wrap(environment, environment.createSession(bytes, options), source, Device.CPU,
                    fallbackReason);
        } catch (OrtException e) {
            throw new OnnxFormatException(source, OnnxFormatException.Reason.REJECTED_BY_RUNTIME,
                    "ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    private static OrtSession.SessionOptions options(SessionOptionsSpec spec) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setOptimizationLevel(spec.optimization().level());
            if (spec.intraOpThreads() > 0) {
                options.setIntraOpNumThreads(spec.intraOpThreads());
            }
            return options;
        } catch (OrtException e) {
            options.close();
            throw e;
        }
    }
}
