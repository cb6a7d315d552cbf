package io.cardeck.data;

/** The on-disk formats cardeck reads. */
public enum DatasetKind {
    /** MNIST-style IDX files, raw or gzip. */
    IDX,
    /** CIFAR-10 binary batches. */
    CIFAR10,
    /** A corruption suite in the CIFAR-10-C layout (.npy per corruption + labels.npy). */
    CORRUPTION_SUITE
}
