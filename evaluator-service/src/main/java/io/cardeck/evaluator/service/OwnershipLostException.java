package io.cardeck.evaluator.service;

import java.util.UUID;

/** Another instance took the evaluation over (this one was thought dead): stop, store nothing. */
final class OwnershipLostException extends RuntimeException {

    OwnershipLostException(UUID evaluationId) {
        super("evaluation " + evaluationId + " is no longer held by this instance");
    }
}
