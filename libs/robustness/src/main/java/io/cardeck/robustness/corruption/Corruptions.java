package io.cardeck.robustness.corruption;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The 19 corruptions of CIFAR-10-C (Hendrycks and Dietterich, ICLR 2019) in the canonical order:
 * the 15 standard ones as the generator lists them, then speckle_noise, gaussian_blur, spatter and
 * saturate. The instances are stateless apart from thread-safe caches, and shared.
 */
public final class Corruptions {

    private static final List<Corruption> ALL = List.of(
            new GaussianNoise(), new ShotNoise(), new ImpulseNoise(),
            new DefocusBlur(), new GlassBlur(), new MotionBlur(), new ZoomBlur(),
            new Snow(), new Frost(), new Fog(),
            new Brightness(), new Contrast(), new ElasticTransform(), new Pixelate(), new JpegCompression(),
            new SpeckleNoise(), new GaussianBlur(), new Spatter(), new Saturate());

    private static final Map<String, Corruption> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Corruption::name, Function.identity()));

    private Corruptions() {
    }

    /** All 19, standard ones first. */
    public static List<Corruption> all() {
        return ALL;
    }

    /** The 15 whose mean accuracy is the robust accuracy. */
    public static List<Corruption> standard() {
        return ALL.stream().filter(Corruption::standard).toList();
    }

    /** The names of {@link #all()}, in order. */
    public static List<String> names() {
        return ALL.stream().map(Corruption::name).toList();
    }

    /** The corruption of that CIFAR-10-C name, e.g. {@code glass_blur}. */
    public static Corruption byName(String name) {
        Corruption corruption = name == null ? null : BY_NAME.get(name);
        if (corruption == null) {
            throw new IllegalArgumentException("unknown corruption '" + name + "'; accepted: " + String.join(", ", names()));
        }
        return corruption;
    }
}
