package io.cardeck.evaluator.service;

import io.cardeck.data.DatasetCatalog;

/**
 * Identifies a generated corruption suite: the first {@code images} of a dataset split, corrupted with
 * {@code seed}. Its directory name is the one {@code ./cardeck demo} uses, so both share suites.
 */
public record SuiteKey(String dataset, String split, int images, long seed) {

    public SuiteKey {
        requireKnownDataset(dataset);
        if (images < 1) {
            throw new IllegalArgumentException("a suite needs at least one image, got " + images);
        }
    }

    /** Datasets are named, never directories: a model's metadata must not point the service at any path. */
    public static void requireKnownDataset(String dataset) {
        if (dataset == null || !DatasetCatalog.NAMES.contains(dataset)) {
            throw new IllegalArgumentException("dataset '" + dataset + "' has no corruption suite here; the evaluator"
                    + " evaluates models of " + String.join(", ", DatasetCatalog.NAMES));
        }
    }

    /** E.g. {@code fashion-mnist-test-1000-seed0}. */
    public String directoryName() {
        return dataset + "-" + split + "-" + images + "-seed" + seed;
    }
}
