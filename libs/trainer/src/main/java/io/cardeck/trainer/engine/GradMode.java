package io.cardeck.trainer.engine;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Switches PyTorch's autograd recording for the current thread and restores the previous setting
 * on close. PyTorch keeps this flag per thread (DJL turns it off only on the thread that loaded
 * the engine, other threads start with it on), so every pass sets it explicitly.
 */
public final class GradMode implements AutoCloseable {

    private final boolean previous;

    private GradMode(boolean enabled) {
        TorchEngine.get();
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /** Records operations for a backward pass until closed. */
    public static GradMode enabled() {
        return new GradMode(true);
    }

    /** Records nothing until closed (inference, optimiser updates). */
    public static GradMode disabled() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
