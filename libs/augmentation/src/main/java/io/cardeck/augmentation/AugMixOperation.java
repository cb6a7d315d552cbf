package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.SplittableRandom;

/**
 * The operations AugMix chains, exactly the paper's list minus those that overlap the test
 * corruptions of ImageNet-C / CIFAR-10-C (contrast, color, brightness, sharpness), which AugMix
 * leaves out so that training never sees the test shifts. Magnitudes follow the reference code
 * ({@code augmentations.py} of google-research/augmix): a level is drawn uniformly from
 * [0.1, severity) and scaled to each operation's range, signs are drawn for the geometric ones.
 */
public enum AugMixOperation {

    AUTOCONTRAST("autocontrast") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return 0.0;
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            LevelMaps.autocontrast(src, dst, shape);
        }
    },
    EQUALIZE("equalize") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return 0.0;
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            LevelMaps.equalize(src, dst, shape, histogram);
        }
    },
    /** Magnitude: bits kept, 4 - int(level * 4 / 10) (3 or 4 at severity 3). */
    POSTERIZE("posterize") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return 4 - intParameter(sampleLevel(severity, random), 4);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            LevelMaps.posterize(src, dst, shape, (int) magnitude);
        }
    },
    /** Magnitude: degrees counter-clockwise, +-int(level * 30 / 10) (0..8 at severity 3). */
    ROTATE("rotate") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return randomSign(intParameter(sampleLevel(severity, random), 30), random);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            AffineWarp.rotate(src, dst, shape, magnitude);
        }
    },
    /** Magnitude: level threshold, 256 - int(level * 256 / 10) (180..254 at severity 3). */
    SOLARIZE("solarize") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return 256 - intParameter(sampleLevel(severity, random), 256);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            LevelMaps.solarize(src, dst, shape, (int) magnitude);
        }
    },
    /** Magnitude: shear factor, +-level * 0.3 / 10 (below 0.09 at severity 3). */
    SHEAR_X("shear_x") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return randomSign(floatParameter(sampleLevel(severity, random), 0.3), random);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            AffineWarp.shearX(src, dst, shape, magnitude);
        }
    },
    SHEAR_Y("shear_y") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return randomSign(floatParameter(sampleLevel(severity, random), 0.3), random);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            AffineWarp.shearY(src, dst, shape, magnitude);
        }
    },
    /** Magnitude: whole pixels, +-int(level * (width / 3) / 10) (0..3 px at 32 px, 0..2 at 28, severity 3). */
    TRANSLATE_X("translate_x") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return randomSign(intParameter(sampleLevel(severity, random), shape.width() / 3.0), random);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            AffineWarp.translate(src, dst, shape, magnitude, 0);
        }
    },
    TRANSLATE_Y("translate_y") {
        @Override
        double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random) {
            return randomSign(intParameter(sampleLevel(severity, random), shape.height() / 3.0), random);
        }

        @Override
        void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram) {
            AffineWarp.translate(src, dst, shape, 0, magnitude);
        }
    };

    /** The reference code's levels run up to 10. */
    static final double MAX_LEVEL = 10.0;

    private final String opName;

    AugMixOperation(String opName) {
        this.opName = opName;
    }

    /** The name in the reference code, e.g. {@code shear_x}. */
    public String opName() {
        return opName;
    }

    /** Draws this operation's parameter for one application (nothing for autocontrast and equalize). */
    abstract double sampleMagnitude(int severity, ImageShape shape, SplittableRandom random);

    /** Writes the operation of {@code src} with that parameter to {@code dst}; {@code histogram}: 256 ints of scratch. */
    abstract void apply(float[] src, float[] dst, ImageShape shape, double magnitude, int[] histogram);

    private static double sampleLevel(int severity, SplittableRandom random) {
        return 0.1 + (severity - 0.1) * random.nextDouble();
    }

    private static int intParameter(double level, double max) {
        return (int) (level * max / MAX_LEVEL);
    }

    private static double floatParameter(double level, double max) {
        return level * max / MAX_LEVEL;
    }

    private static double randomSign(double magnitude, SplittableRandom random) {
        return random.nextDouble() > 0.5 ? -magnitude : magnitude;
    }
}
