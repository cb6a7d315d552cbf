package io.cardeck.pruning.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** The training domains of the zoo and the deck (the trainer's augmentation pipelines by these names). */
public enum AugmentationDomain {
    @JsonProperty("standard") STANDARD,
    @JsonProperty("gauss") GAUSS,
    @JsonProperty("augmix") AUGMIX;

    /** The name the augmentation library knows the domain by. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
