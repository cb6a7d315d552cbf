package io.cardeck.evaluator.service;

import io.cardeck.metrics.ClassificationMetrics;
import java.util.UUID;

/**
 * What computing one cell gives: its metrics on the suite {@code suiteId} (table {@code suites}), and for
 * the clean cell also the model's size and latency, measured by the instance that computes it.
 */
public record CellResult(ClassificationMetrics metrics, UUID suiteId, ModelFigures model) {

    /** The model's size and its median single-image latency after warm-up. */
    public record ModelFigures(long parameters, long nonZeroParameters, double latencyMillisPerImage) {}
}
