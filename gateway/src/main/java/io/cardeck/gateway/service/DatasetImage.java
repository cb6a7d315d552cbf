package io.cardeck.gateway.service;

import java.util.List;

/**
 * One image of a dataset split as a deck takes it, corrupted when asked.
 *
 * @param corruption null for the image as the dataset holds it
 * @param severity   1 to 5 with a corruption, else null
 * @param seed       of the random corruptions (noise, ...); the same seed gives the same image
 * @param shape      [C, H, W]
 * @param label      the true class's index
 * @param labelName  the true class's name
 * @param data       C x H x W values in [0, 1], channel-planar, as {@code POST /v2/models/{deck}/infer} takes them
 */
public record DatasetImage(String dataset, String split, int index, String corruption, Integer severity, long seed,
                           List<Integer> shape, int label, String labelName, float[] data) {
}
