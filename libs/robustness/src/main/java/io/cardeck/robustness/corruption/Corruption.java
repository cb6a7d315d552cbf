package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One common corruption of CIFAR-10-C (Hendrycks and Dietterich 2019) at severities 1..5, for any
 * image size and 1 or 3 channels. Pixel-sized parameters are tuned for 32 px and scaled by size/32.
 */
public interface Corruption {

    int MIN_SEVERITY = 1;
    int MAX_SEVERITY = 5;

    /** The CIFAR-10-C file name without {@code .npy}, e.g. {@code gaussian_noise}. */
    String name();

    /** True for the 15 corruptions whose mean is the robust accuracy; false for the 4 extras. */
    boolean standard();

    /** Human-readable parameters of each severity 1..5, as in the generator of the published data. */
    List<String> severityParameters();

    /**
     * False where the corruption has no meaning for that many channels (saturate on gray images is
     * the identity): such a corruption is excluded from the robustness mean of those images.
     */
    default boolean definedFor(int channels) {
        return true;
    }

    /**
     * Corrupts one image given as float CHW in [0, 1]. Returns a new array of the same shape with
     * values in [0, 1]; {@code image} is not modified. Deterministic for the same {@code random} state.
     */
    float[] apply(float[] image, ImageShape shape, int severity, SplittableRandom random);
}
