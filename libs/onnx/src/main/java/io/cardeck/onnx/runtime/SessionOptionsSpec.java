package io.cardeck.onnx.runtime;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.util.Objects;

/**
 * How to create an ONNX Runtime session.
 *
 * @param device requested execution provider; CUDA falls back to CPU when unavailable
 * @param cudaDeviceId GPU ordinal used when {@code device} is CUDA
 * @param intraOpThreads threads per operator; 0 lets ONNX Runtime choose (one per physical core)
 * @param optimization graph optimisation level
 */
public record SessionOptionsSpec(Device device, int cudaDeviceId, int intraOpThreads, Optimization optimization) {

    /** ONNX Runtime graph optimisation levels. */
    public enum Optimization {
        NONE(OptLevel.NO_OPT),
        BASIC(OptLevel.BASIC_OPT),
        EXTENDED(OptLevel.EXTENDED_OPT),
        ALL(OptLevel.ALL_OPT);

        private final OptLevel level;

        Optimization(OptLevel level) {
            this.level = level;
        }

        OptLevel level() {
            return level;
        }
    }

    public SessionOptionsSpec {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(optimization, "optimization");
        if (cudaDeviceId < 0) {
            throw new IllegalArgumentException("cudaDeviceId must be >= 0, got " + cudaDeviceId);
        }
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0 (0 = ONNX Runtime default), got " + intraOpThreads);
        }
    }

    /** CPU, default threads, all optimisations. */
    public static SessionOptionsSpec cpu() {
        return new SessionOptionsSpec(Device.CPU, 0, 0, Optimization.ALL);
    }

    /** CUDA on GPU 0 (CPU when CUDA is unavailable), default threads, all optimisations. */
    public static SessionOptionsSpec cuda() {
        return new SessionOptionsSpec(Device.CUDA, 0, 0, Optimization.ALL);
    }

    public SessionOptionsSpec withCudaDeviceId(int id) {
        return new SessionOptionsSpec(device, id, intraOpThreads, optimization);
    }

    public SessionOptionsSpec withIntraOpThreads(int threads) {
        return new SessionOptionsSpec(device, cudaDeviceId, threads, optimization);
    }

    public SessionOptionsSpec withOptimization(Optimization level) {
        return new SessionOptionsSpec(device, cudaDeviceId, intraOpThreads, level);
    }
}
