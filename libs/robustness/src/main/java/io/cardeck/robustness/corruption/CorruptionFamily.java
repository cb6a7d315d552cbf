package io.cardeck.robustness.corruption;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The four groups Hendrycks and Dietterich report the corruptions in (ImageNet-C, CIFAR-10-C), the
 * extra four placed in the group they extend: noise (high frequency), blur, weather, digital.
 */
public enum CorruptionFamily {
    NOISE(List.of("gaussian_noise", "shot_noise", "impulse_noise", "speckle_noise")),
    BLUR(List.of("defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "gaussian_blur")),
    WEATHER(List.of("snow", "frost", "fog", "brightness", "spatter")),
    DIGITAL(List.of("contrast", "elastic_transform", "pixelate", "jpeg_compression", "saturate"));

    private static final Map<String, CorruptionFamily> BY_CORRUPTION = index();

    private final List<String> corruptions;

    CorruptionFamily(List<String> corruptions) {
        this.corruptions = corruptions;
    }

    /** The corruptions of this family, the extra ones included. */
    public List<String> corruptions() {
        return corruptions;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the corruptions there are */
    public static CorruptionFamily of(String corruption) {
        CorruptionFamily family = BY_CORRUPTION.get(corruption);
        if (family == null) {
            throw new IllegalArgumentException("'" + corruption + "' is in no corruption family; known: " + BY_CORRUPTION.keySet());
        }
        return family;
    }

    private static Map<String, CorruptionFamily> index() {
        Map<String, CorruptionFamily> index = new java.util.LinkedHashMap<>();
        for (CorruptionFamily family : values()) {
            family.corruptions.forEach(corruption -> index.put(corruption, family));
        }
        return index;
    }
}
