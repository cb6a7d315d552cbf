package io.cardeck.gateway.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeckGatingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode gating(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void missingGatingAndEveryAcceptedValueAreFine() {
        assertDoesNotThrow(() -> DeckGating.check(JSON.missingNode()));
        assertDoesNotThrow(() -> DeckGating.check(gating("null")));
        assertDoesNotThrow(() -> DeckGating.check(gating("{}")));
        assertDoesNotThrow(() -> DeckGating.check(gating("{\"mode\": \"gated\", \"k\": 2, \"granularity\": \"batch\","
                + " \"distance\": \"cosine\", \"feature\": \"bands\", \"bands\": 8, \"weighting\": \"soft\", \"temperature\": 0.001}")));
        assertDoesNotThrow(() -> DeckGating.check(gating("{\"feature\": \"bands\", \"weighting\": \"soft\", \"temperature\": 1000}")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"feature\": \"bands\", \"bands\": 1}                | bands must be between 2 and 8, got 1",
        "{\"feature\": \"bands\", \"bands\": 9}                | bands must be between 2 and 8, got 9",
        "{\"bands\": 3}                                        | bands apply to the feature 'bands' only",
        "{\"feature\": \"wavelets\"}                           | unknown gate feature 'wavelets'; accepted: spectrum, bands",
        "{\"weighting\": \"soft\", \"temperature\": 0}         | temperature must be between 0.001 and 1000.0, got 0.0",
        "{\"weighting\": \"soft\", \"temperature\": 1e4}       | temperature must be between 0.001 and 1000.0, got 10000.0",
        "{\"temperature\": 0.5}                                | temperature applies to the weighting 'soft' only",
        "{\"weighting\": \"vote\"}                             | unknown gate weighting 'vote'; accepted: equal, soft",
        "{\"k\": 0}                                            | k must be at least 1",
        "{\"k\": 1.5}                                          | gating.k must be a whole number, got 1.5",
        "{\"temperature\": \"warm\", \"weighting\": \"soft\"}  | gating.temperature must be a number, got \"warm\"",
        "{\"feature\": 3}                                      | gating.feature must be a string",
        "{\"temprature\": 0.5}                                 | gating.temprature is not a gate setting",
        "[1]                                                   | gating must be a JSON object"})
    void badValuesAreRefusedSayingWhatIsAccepted(String json, String reason) {
        InvalidInputException refusal = assertThrows(InvalidInputException.class, () -> DeckGating.check(gating(json)));
        assertTrue(refusal.getMessage().startsWith("invalid deck: "), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(reason), refusal.getMessage());
    }

    @Test
    void aRefusalOfATypeNamesTheAcceptedRanges() {
        InvalidInputException refusal = assertThrows(InvalidInputException.class,
                () -> DeckGating.check(gating("{\"bands\": \"three\"}")));
        assertTrue(refusal.getMessage().contains("bands: 2 to 8"), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("temperature: 0.001 to 1000.0"), refusal.getMessage());
    }
}
