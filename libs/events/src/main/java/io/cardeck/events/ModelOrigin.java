package io.cardeck.events;

/** How a model came to cardeck. */
public enum ModelOrigin {
    UPLOAD,
    ZOO,
    PRUNED
}
