package io.cardeck.augmentation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training domains of cardeck's decks: the augmentation a CARD was trained with, by name. The
 * trainer applies a domain's pipeline to training images and the deck gate applies the same
 * pipeline to calibration images to build the domain's reference spectrum.
 */
public final class TrainingDomains {

    /** Random crop (pad {@link RandomCrop#standardPad}) then horizontal flip with probability 0.5. */
    public static final String STANDARD = "standard";
    /** {@link #STANDARD} then Gaussian noise std 0.1 on half of the images. */
    public static final String GAUSS = "gauss";
    /** {@link #STANDARD} then AugMix (width 3, depth 1..3, severity 3). */
    public static final String AUGMIX = "augmix";

    private static final Map<String, Augmentation> DOMAINS = domains();

    private TrainingDomains() {
    }

    private static Map<String, Augmentation> domains() {
        RandomCrop crop = RandomCrop.scaledToImage();
        HorizontalFlip flip = new HorizontalFlip();
        Map<String, Augmentation> domains = new LinkedHashMap<>();
        domains.put(STANDARD, new Compose(STANDARD, List.of(crop, flip)));
        domains.put(GAUSS, new Compose(GAUSS, List.of(crop, flip, new GaussianNoise())));
        domains.put(AUGMIX, new Compose(AUGMIX, List.of(crop, flip, new AugMix())));
        return domains;
    }

    /** The domain names in a fixed order: standard, gauss, augmix. */
    public static List<String> names() {
        return List.copyOf(DOMAINS.keySet());
    }

    /**
     * The pipeline of a domain; its {@link Augmentation#name()} is the domain name. Instances are
     * shared and safe for concurrent use (their buffers are per thread).
     */
    public static Augmentation byName(String name) {
        Augmentation domain = name == null ? null : DOMAINS.get(name);
        if (domain == null) {
            throw new IllegalArgumentException("unknown training domain "
                    + (name == null ? "null" : "'" + name + "'") + "; accepted: " + String.join(", ", names()));
        }
        return domain;
    }
}
