package io.cardeck.pruner.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.pruner.service.RejectedException;
import io.cardeck.pruner.service.Rejection;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void canonicalUuidsAreIdsInEitherCase() {
        UUID id = UUID.fromString("3f2b8c1e-0d4a-4c47-9a53-5b1f7e2d9c10");
        assertEquals(id, Ids.parse("3f2b8c1e-0d4a-4c47-9a53-5b1f7e2d9c10", "model"));
        assertEquals(id, Ids.parse("3F2B8C1E-0D4A-4C47-9A53-5B1F7E2D9C10", "model"));
    }

    @Test
    void shortFormsAndOtherTextAreInvalid() {
        for (String text : new String[] {"1-2-3-4-5", "abc", "", "3f2b8c1e-0d4a-4c47-9a53-5b1f7e2d9c10-00"}) {
            RejectedException e = assertThrows(RejectedException.class, () -> Ids.parse(text, "model"), text);
            assertEquals(Rejection.INVALID, e.rejection());
            assertTrue(e.getMessage().startsWith("model id '" + text + "' is not a UUID"), e.getMessage());
        }
    }
}
