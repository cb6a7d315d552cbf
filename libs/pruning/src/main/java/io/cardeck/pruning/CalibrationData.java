package io.cardeck.pruning;

import io.cardeck.data.ImageDataset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A model's training split divided, by a seeded permutation, into a held-out validation part and
 * the rest: calibration images (for layer inputs, Hessians, BatchNorm statistics) and fine-tuning
 * come from the rest, choices and before/after accuracies from the held-out part. The test split
 * is never here: it belongs to the evaluator's final figures.
 */
public final class CalibrationData {

    /** Held-out images by default: 5,000 of Fashion-MNIST's 60,000 training images. */
    public static final int DEFAULT_VALIDATION_IMAGES = 5000;

    private final String dataset;
    private final ImageDataset trainSplit;
    private final long seed;
    private final int validationImages;
    private final int[] permutation;

    private CalibrationData(String dataset, ImageDataset trainSplit, long seed, int validationImages) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.trainSplit = Objects.requireNonNull(trainSplit, "trainSplit");
        if (validationImages < 1 || validationImages >= trainSplit.size()) {
            throw new InvalidParameterException("held-out validation images must be in 1.." + (trainSplit.size() - 1)
                    + " (the training split " + trainSplit.name() + " has " + trainSplit.size() + "), got "
                    + validationImages);
        }
        this.seed = seed;
        this.validationImages = validationImages;
        this.permutation = permutation(trainSplit.size(), seed);
    }

    /**
     * @param dataset          the dataset's name as the catalog knows it (recorded in the lineage)
     * @param trainSplit       its training split
     * @param seed             seeds the division
     * @param validationImages how many images are held out
     */
    public static CalibrationData of(String dataset, ImageDataset trainSplit, long seed, int validationImages) {
        return new CalibrationData(dataset, trainSplit, seed, validationImages);
    }

    public String dataset() {
        return dataset;
    }

    public long seed() {
        return seed;
    }

    /** The held-out part: for validation, never trained on. */
    public ImageDataset validation() {
        return trainSplit.select(Arrays.copyOfRange(permutation, 0, validationImages),
                trainSplit.name() + "[held-out " + validationImages + ", seed " + seed + "]");
    }

    /** The training part: everything not held out. */
    public ImageDataset training() {
        return trainSplit.select(Arrays.copyOfRange(permutation, validationImages, permutation.length),
                trainSplit.name() + "[training " + (permutation.length - validationImages) + ", seed " + seed + "]");
    }

    /**
     * The first {@code images} of the training part (a seeded random sample of the split).
     *
     * @throws InvalidParameterException if the training part has fewer
     */
    public ImageDataset calibration(int images) {
        int available = permutation.length - validationImages;
        if (images < 1 || images > available) {
            throw new InvalidParameterException("calibration images must be in 1.." + available + " (the training split of "
                    + dataset + " without its " + validationImages + " held-out images), got " + images);
        }
        return trainSplit.select(Arrays.copyOfRange(permutation, validationImages, validationImages + images),
                trainSplit.name() + "[calibration " + images + ", seed " + seed + "]");
    }

    /** How many images the training part has: the most {@link #calibration} can give. */
    public int trainingImages() {
        return permutation.length - validationImages;
    }

    /** What the lineage records of this data: dataset, split, seed, held-out size. */
    public Map<String, Object> recipe() {
        Map<String, Object> recipe = new LinkedHashMap<>();
        recipe.put("dataset", dataset);
        recipe.put("split", "train");
        recipe.put("seed", seed);
        recipe.put("validationImages", validationImages);
        return recipe;
    }

    private static int[] permutation(int size, long seed) {
        int[] order = IntStream.range(0, size).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
