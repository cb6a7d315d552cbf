package io.cardeck.pruning.recovery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The shape of a fine-tuning learning-rate schedule over its epochs. */
public enum LearningRateShape {
    /** Half a cosine from the peak to 0, after a one-epoch linear warm-up when there are more than two epochs. */
    @JsonProperty("cosine") COSINE,
    /** The peak throughout. */
    @JsonProperty("constant") CONSTANT,
    /** The peak, x0.1 at half the epochs, x0.01 at three quarters. */
    @JsonProperty("step") STEP
}
