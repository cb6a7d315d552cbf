package io.cardeck.data;

/** Order of the uint8 values of one stored image. */
public enum PixelLayout {
    /** Channel planes one after another (CIFAR-10 binary batches, IDX). */
    CHW,
    /** Channels interleaved per pixel (numpy images as in CIFAR-10-C). */
    HWC
}
