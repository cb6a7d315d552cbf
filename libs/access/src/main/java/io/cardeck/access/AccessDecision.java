package io.cardeck.access;

/** Whether a request may proceed; a refusal says why, without repeating the credential. */
public sealed interface AccessDecision {

    /** The request may proceed; {@code caller} names the key (for logs), null on a public route. */
    record Allowed(String caller) implements AccessDecision {
    }

    /** No credential, or one that is malformed, unknown or revoked: HTTP 401. */
    record Unauthenticated(String reason) implements AccessDecision {
    }

    /** A valid key whose role does not permit the route: HTTP 403. */
    record Forbidden(String reason) implements AccessDecision {
    }
}
