package io.cardeck.pruning;

import java.util.concurrent.CancellationException;

/** A pruning run stopped because it was cancelled; what it checkpointed before stays. */
public final class PruningCancelledException extends CancellationException {

    public PruningCancelledException(String message) {
        super(message);
    }
}
