package io.cardeck.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.deck.GatingRequest;
import java.util.Iterator;
import java.util.List;

/**
 * The {@code gating} object of a deck request, checked at the gateway by the deck library's own
 * reading ({@link GatingRequest}): a bad value is refused here, naming what is accepted, before the
 * ensemble-service is called. A field the gate does not know is refused too, so that a misspelt
 * option does not silently leave its default in place.
 */
public final class DeckGating {

    private static final List<String> FIELDS = List.of("mode", "k", "granularity", "distance", "feature", "bands",
            "weighting", "temperature");

    private DeckGating() {
    }

    /** @throws InvalidInputException naming every wrong field and what it accepts */
    public static void check(JsonNode gating) {
        if (gating.isMissingNode() || gating.isNull()) {
            return;
        }
        if (!gating.isObject()) {
            throw new InvalidInputException("invalid deck: gating must be a JSON object " + GatingRequest.ACCEPTED);
        }
        for (Iterator<String> names = gating.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw new InvalidInputException("invalid deck: gating." + field + " is not a gate setting; accepted: "
                        + GatingRequest.ACCEPTED);
            }
        }
        GatingRequest request = new GatingRequest(text(gating, "mode"), integer(gating, "k"), text(gating, "granularity"),
                text(gating, "distance"), text(gating, "feature"), integer(gating, "bands"), text(gating, "weighting"),
                number(gating, "temperature"));
        try {
            GatingRequest.toGating(request);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid deck: gating: " + e.getMessage());
        }
    }

    private static String text(JsonNode gating, String field) {
        JsonNode value = gating.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException("invalid deck: gating." + field + " must be a string; accepted: "
                    + GatingRequest.ACCEPTED);
        }
        return value.asText();
    }

    private static Integer integer(JsonNode gating, String field) {
        JsonNode value = gating.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidInputException("invalid deck: gating." + field + " must be a whole number, got " + value
                    + "; accepted: " + GatingRequest.ACCEPTED);
        }
        return value.asInt();
    }

    private static Double number(JsonNode gating, String field) {
        JsonNode value = gating.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new InvalidInputException("invalid deck: gating." + field + " must be a number, got " + value
                    + "; accepted: " + GatingRequest.ACCEPTED);
        }
        return value.asDouble();
    }
}
