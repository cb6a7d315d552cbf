package io.cardeck.pruner.rest;

import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
import java.util.Locale;
import java.util.UUID;

/** Path ids: UUIDs in their canonical text form. */
final class Ids {

    private Ids() {
    }

    /** @throws RejectedException INVALID naming {@code what} if the text is not a canonical UUID */
    static UUID parse(String text, String what) {
        try {
            UUID id = UUID.fromString(text);
            // fromString also takes short forms such as 1-2-3-4-5; only the canonical form is an id.
            if (id.toString().equals(text.toLowerCase(Locale.ROOT))) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new RejectedException(Rejection.INVALID, what + " id '" + text
                + "' is not a UUID (e.g. 3f2b8c1e-0d4a-4c47-9a53-5b1f7e2d9c10)");
    }
}
