package io.cardeck.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rules a model registration's origin and card follow, at the gateway and in the registry alike. */
class ModelRegistrationRulesTest {

    @Test
    void anOriginIsUploadByDefaultAndUploadOrZooWhenNamed() {
        assertEquals(ModelOrigin.UPLOAD, ModelOrigin.ofRegistration(null));
        assertEquals(ModelOrigin.UPLOAD, ModelOrigin.ofRegistration(" "));
        assertEquals(ModelOrigin.UPLOAD, ModelOrigin.ofRegistration("UPLOAD"));
        assertEquals(ModelOrigin.ZOO, ModelOrigin.ofRegistration(" zoo "));
    }

    @Test
    void prunedAndUnknownOriginsAreRefusedSayingWhatIsAccepted() {
        assertEquals("origin PRUNED is given by prune jobs only; accepted: UPLOAD (the default) or ZOO",
                assertThrows(IllegalArgumentException.class, () -> ModelOrigin.ofRegistration("pruned")).getMessage());
        assertEquals("origin 'HANDMADE' is not accepted; accepted: UPLOAD (the default) or ZOO",
                assertThrows(IllegalArgumentException.class, () -> ModelOrigin.ofRegistration("HANDMADE")).getMessage());
    }

    @Test
    void aCardIsTakenAsItIsWithLineBreaksAndTabs() {
        String card = "# Model card\r\n\n- **Robust accuracy**: 84.64% \u2013 15 x 5 cells\n\t- tabbed";
        assertEquals(card, ModelCardText.check(card));
        String longest = "x".repeat(ModelCardText.MAX_CHARACTERS);
        assertEquals(longest, ModelCardText.check(longest));
    }

    @Test
    void aBlankTooLongOrControlCharacterCardIsRefusedSayingWhy() {
        assertRefused("the model card is missing or blank", null);
        assertRefused("the model card is missing or blank", " \n ");
        assertRefused("the model card has 65537 characters; at most 65536 are accepted", "x".repeat(65_537));
        assertRefused("the model card has the control character U+0000 at position 6; accepted: text with line breaks"
                + " and tabs", "# card\u0000");
        assertRefused("the model card has the control character U+001B at position 6", "# card\u001b[31m");
    }

    private static void assertRefused(String message, String card) {
        String said = assertThrows(IllegalArgumentException.class, () -> ModelCardText.check(card)).getMessage();
        assertTrue(said.startsWith(message), said);
    }
}
