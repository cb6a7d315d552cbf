package io.cardeck.evaluation;

import io.cardeck.metrics.ClassificationMetrics;
import io.cardeck.metrics.RobustnessResult;

/**
 * The result of one evaluation.
 *
 * @param clean           accuracy, NLL and calibration on the clean images
 * @param corrupted       the same over every corrupted image evaluated together (calibration under shift);
 *                        null without a suite
 * @param robustness      every corruption x severity cell, robust accuracy and the extras' mean;
 *                        null without a suite
 * @param images          images classified in all
 * @param seconds         wall time of the whole evaluation
 * @param imagesPerSecond images / seconds
 */
public record EvaluationReport(ClassificationMetrics clean, ClassificationMetrics corrupted, RobustnessResult robustness,
                               long images, double seconds, double imagesPerSecond) {}
