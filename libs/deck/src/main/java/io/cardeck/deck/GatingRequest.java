package io.cardeck.deck;

import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.SpectralBands;
import io.cardeck.deck.gate.SpectralDistance;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code gating} object of a deck request as sent: every field may be missing (its default) or
 * wrong. One reading of it serves the gateway and the ensemble-service, so both refuse the same
 * values with the same reasons.
 */
public record GatingRequest(String mode, Integer k, String granularity, String distance, String feature, Integer bands,
                            String weighting, Double temperature) {

    /** What the fields accept, for a refusal's message. */
    public static final String ACCEPTED = "gating {mode: " + String.join("|", DeckMode.wireNames())
            + ", k: 1 to the deck's domains, granularity: " + String.join("|", Granularity.wireNames())
            + ", distance: " + String.join("|", SpectralDistance.wireNames())
            + ", feature: " + String.join("|", GateFeature.wireNames())
            + ", bands: " + SpectralBands.MIN_BANDS + " to " + SpectralBands.MAX_BANDS + " (feature bands; default "
            + Gating.DEFAULT_BANDS + "), weighting: " + String.join("|", Weighting.wireNames())
            + ", temperature: " + Gating.MIN_TEMPERATURE + " to " + Gating.MAX_TEMPERATURE + " (weighting soft; default "
            + Gating.DEFAULT_TEMPERATURE + ")}";

    /**
     * The settings asked for, missing fields at their defaults ({@link Gating#defaults()}, and
     * {@link Gating#DEFAULT_BANDS} or {@link Gating#DEFAULT_TEMPERATURE} when the feature or
     * weighting needs one).
     *
     * @param request null for all defaults
     * @throws IllegalArgumentException naming every wrong field and what it accepts
     */
    public static Gating toGating(GatingRequest request) {
        Gating defaults = Gating.defaults();
        if (request == null) {
            return defaults;
        }
        List<String> problems = new ArrayList<>();
        DeckMode mode = parse(request.mode(), defaults.mode(), DeckMode::parse, problems);
        Granularity granularity = parse(request.granularity(), defaults.granularity(), Granularity::parse, problems);
        SpectralDistance distance = parse(request.distance(), defaults.distance(), SpectralDistance::parse, problems);
        GateFeature feature = parse(request.feature(), defaults.feature(), GateFeature::parse, problems);
        Weighting weighting = parse(request.weighting(), defaults.weighting(), Weighting::parse, problems);
        int k = request.k() == null ? defaults.k() : request.k();
        if (k < 1) {
            problems.add("k must be at least 1 (the number of closest domains whose cards answer), got " + k);
        }
        int bands = 0;
        if (feature == GateFeature.BANDS) {
            bands = request.bands() == null ? Gating.DEFAULT_BANDS : request.bands();
            if (bands < SpectralBands.MIN_BANDS || bands > SpectralBands.MAX_BANDS) {
                problems.add("bands must be between " + SpectralBands.MIN_BANDS + " and " + SpectralBands.MAX_BANDS
                        + ", got " + bands);
            }
        } else if (request.bands() != null && feature != null) {
            problems.add("bands apply to the feature 'bands' only; the feature is '" + feature.wireName() + "'");
        }
        double temperature = 0;
        if (weighting == Weighting.SOFT) {
            temperature = request.temperature() == null ? Gating.DEFAULT_TEMPERATURE : request.temperature();
            if (!(temperature >= Gating.MIN_TEMPERATURE && temperature <= Gating.MAX_TEMPERATURE)) {
                problems.add("temperature must be between " + Gating.MIN_TEMPERATURE + " and " + Gating.MAX_TEMPERATURE
                        + ", got " + temperature);
            }
        } else if (request.temperature() != null && weighting != null) {
            problems.add("temperature applies to the weighting 'soft' only; the weighting is '" + weighting.wireName() + "'");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new Gating(mode, k, granularity, distance, feature, bands, weighting, temperature);
    }

    private static <T> T parse(String value, T fallback, java.util.function.Function<String, T> parser, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }
}
