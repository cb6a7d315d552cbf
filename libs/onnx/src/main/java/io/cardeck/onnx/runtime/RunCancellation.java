package io.cardeck.onnx.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Stops the ONNX Runtime runs made with it, from another thread: ONNX Runtime ends a run at its next
 * check of the flag (between kernels) with an error, and a run that starts after {@link #cancel()}
 * ends at once. ONNX Runtime offers no such stop for creating a session.
 */
public final class RunCancellation implements AutoCloseable {

    private final OrtSession.RunOptions options;
    private boolean closed;

    public RunCancellation() {
        InferenceSessions.environment();
        try {
            this.options = new OrtSession.RunOptions();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not create run options: " + e.getMessage(), e);
        }
    }

    /** Ends the runs made with this cancellation; does nothing once it is closed. */
    public synchronized void cancel() {
        if (closed) {
            return;
        }
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not stop a run: " + e.getMessage(), e);
        }
    }

    OrtSession.RunOptions options() {
        return options;
    }

    /** Close only once no run made with it is in progress. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            options.close();
        }
    }
}
