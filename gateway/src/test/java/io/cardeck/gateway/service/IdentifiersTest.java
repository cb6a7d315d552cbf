package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @Test
    void aUuidComesBackCanonical() {
        assertEquals("123e4567-e89b-12d3-a456-426614174000",
                Identifiers.uuid("modelId", " 123E4567-E89B-12D3-A456-426614174000 "));
        assertEquals(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                Identifiers.uuidValue("job id", "123e4567-e89b-12d3-a456-426614174000"));
    }

    // UUID.fromString accepts "1-2-3-4-5"; ids in URLs and filters must be the one canonical form.
    @ParameterizedTest
    @ValueSource(strings = {"1-2-3-4-5", "123e4567e89b12d3a456426614174000", "123e4567-e89b-12d3-a456-42661417400g",
            "../models", "123e4567-e89b-12d3-a456-4266141740001"})
    void anythingElseIsRefusedNamingTheField(String value) {
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> Identifiers.uuid("modelId", value));
        assertEquals("modelId '" + value + "' is not a UUID; expected 32 hex digits in the form 8-4-4-4-12, such as"
                + " 123e4567-e89b-12d3-a456-426614174000", refusal.getMessage());
    }

    @Test
    void evaluationIdsAreCheckedForTheirCharactersOnly() {
        assertEquals("eval_42-b", Identifiers.evaluationId("eval_42-b"));
        assertThrows(InvalidInputException.class, () -> Identifiers.evaluationId(".."));
        assertThrows(InvalidInputException.class, () -> Identifiers.evaluationId("a/b"));
        assertThrows(InvalidInputException.class, () -> Identifiers.evaluationId("x".repeat(101)));
    }

    @Test
    void deckNamesAreLowercaseUrlSafeAndAtMost63Characters() {
        assertEquals("fmnist.deck_2-a", Identifiers.deckName("fmnist.deck_2-a"));
        assertEquals("d".repeat(63), Identifiers.deckName("d".repeat(63)));
        for (String bad : new String[] {"", "Deck", "-deck", "a b", "../decks", "d".repeat(64), "deck/x"}) {
            assertThrows(InvalidInputException.class, () -> Identifiers.deckName(bad), bad);
        }
        assertThrows(InvalidInputException.class, () -> Identifiers.deckName(null));
    }
}
