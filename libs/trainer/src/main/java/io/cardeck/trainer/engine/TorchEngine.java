package io.cardeck.trainer.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The PyTorch engine of DJL, loaded offline from the native libraries on the class path
 * ({@code ai.djl.pytorch:pytorch-native-cpu}). DJL extracts them once into its cache directory
 * ({@code ~/.djl.ai}, or {@code $DJL_CACHE_DIR}); nothing is downloaded. Loading it also tunes the
 * process's malloc for training (see {@link #retainsFreedMemory()}).
 */
public final class TorchEngine {

    /** DJL's switch that forbids downloads of native libraries and models. */
    public static final String OFFLINE_PROPERTY = "ai.djl.offline";
    public static final String ENGINE_NAME = "PyTorch";

    private static volatile Engine engine;
    private static volatile boolean retainsFreedMemory;

    private TorchEngine() {
    }

    /**
     * The loaded engine.
     *
     * @throws IllegalStateException if the PyTorch native libraries cannot be loaded, with the cause
     */
    public static Engine get() {
        Engine loaded = engine;
        if (loaded == null) {
            synchronized (TorchEngine.class) {
                loaded = engine;
                if (loaded == null) {
                    loaded = load();
                    retainsFreedMemory = NativeAllocator.retainFreedMemory();
                    engine = loaded;
                }
            }
        }
        return loaded;
    }

    private static Engine load() {
        // Must be set before DJL reads it on first engine use; a value given by the user wins.
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("the PyTorch engine of DJL could not be loaded (" + e + "); it needs"
                    + " ai.djl.pytorch:pytorch-engine, pytorch-jni and pytorch-native-cpu (classifier linux-x86_64)"
                    + " on the class path, " + OFFLINE_PROPERTY + "=" + System.getProperty(OFFLINE_PROPERTY)
                    + ", and a writable DJL cache directory (~/.djl.ai or $DJL_CACHE_DIR) to extract the libraries into",
                    e);
        }
    }

    /**
     * Whether loading the engine set the C library's allocator to keep freed tensor memory for reuse
     * (glibc on Linux): a process-wide setting that saves training steps from faulting their memory
     * back in, at the price of a resident size that stays at its peak. See {@code NativeAllocator}.
     */
    public static boolean retainsFreedMemory() {
        get();
        return retainsFreedMemory;
    }

    /**
     * Sets PyTorch's intra-op threads for the whole process. The default is one per physical core
     * (or {@code -Dai.djl.pytorch.num_threads}); on a machine shared with other busy processes
     * fewer threads are faster, because OpenMP threads wait on each other at every op.
     */
    public static void setIntraOpThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("PyTorch intra-op threads must be >= 1, got " + threads);
        }
        get();
        JniUtils.setNumThreads(threads);
    }

    public static int intraOpThreads() {
        get();
        return JniUtils.getNumThreads();
    }

    /** A new top-level manager on the PyTorch engine; the caller closes it. */
    public static NDManager newManager() {
        return get().newBaseManager();
    }

    /** The engine's version, e.g. {@code 2.7.1}. */
    public static String version() {
        return get().getVersion();
    }
}
