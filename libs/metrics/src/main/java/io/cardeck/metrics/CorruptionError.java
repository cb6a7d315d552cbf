package io.cardeck.metrics;

/**
 * Corruption error of one corruption against a baseline model (Hendrycks and Dietterich 2019), as
 * ratios (1 = as bad as the baseline).
 *
 * @param corruptionError sum over severities of the model's error / the same sum for the baseline
 * @param relativeCorruptionError sum over severities of (error - clean error), divided by the
 *     baseline's same sum
 */
public record CorruptionError(String corruption, double corruptionError, double relativeCorruptionError) {
}
