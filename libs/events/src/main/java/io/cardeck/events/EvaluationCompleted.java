package io.cardeck.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An evaluation finished and is stored (all cells are read from the gateway); the headline figures
 * travel with the event. {@code robustAccuracy} is null when the suite lacked a standard cell.
 */
public record EvaluationCompleted(UUID eventId, Instant occurredAt, String evaluationId, String modelId,
                                  double cleanAccuracy, Double robustAccuracy, double expectedCalibrationError,
                                  long parameters, long nonZeroParameters, double latencyMillisPerImage)
        implements CardeckEvent {

    public EvaluationCompleted {
        EventChecks.present(eventId, "eventId");
        EventChecks.present(occurredAt, "occurredAt");
        EventChecks.text(evaluationId, "evaluationId");
        EventChecks.text(modelId, "modelId");
        EventChecks.fraction(cleanAccuracy, "cleanAccuracy");
        if (robustAccuracy != null) {
            EventChecks.fraction(robustAccuracy, "robustAccuracy");
        }
        EventChecks.fraction(expectedCalibrationError, "expectedCalibrationError");
        if (parameters < 0 || nonZeroParameters < 0 || nonZeroParameters > parameters) {
            throw new IllegalArgumentException("need 0 <= nonZeroParameters <= parameters, got " + nonZeroParameters
                    + " of " + parameters);
        }
        if (!(latencyMillisPerImage >= 0)) {
            throw new IllegalArgumentException("latencyMillisPerImage must be >= 0, got " + latencyMillisPerImage);
        }
    }

    @Override
    public String key() {
        return modelId;
    }

    @Override
    public String topic() {
        return Topics.EVALUATION_EVENTS;
    }
}
