package io.cardeck.robustness.corruption;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/**
 * saturate: in HSV, {@code S = clip(S * mult + add)} with hue and value kept (skimage conventions:
 * gray pixels have hue 0, so severities 4 and 5 tint them red, as in the published data). A gray
 * image has no saturation: the corruption is the identity there and not {@link #definedFor} 1 channel.
 */
public final class Saturate extends AbstractCorruption {

    private record Parameters(double multiplier, double shift) {
        @Override
        public String toString() {
            return "mult=" + number(multiplier) + " add=" + number(shift);
        }
    }

    private static final List<Parameters> SEVERITIES = List.of(
            new Parameters(0.3, 0), new Parameters(0.1, 0), new Parameters(1.5, 0),
            new Parameters(2, 0.1), new Parameters(2.5, 0.2));

    public Saturate() {
        super("saturate", false, SEVERITIES.stream().map(Parameters::toString).toList());
    }

    @Override
    public boolean definedFor(int channels) {
        return channels == 3;
    }

    @Override
    void corrupt(float[] image, ImageShape shape, int severity, SplittableRandom random, float[] out) {
        if (shape.channels() == 1) {
            System.arraycopy(image, 0, out, 0, image.length);
            return;
        }
        Parameters p = SEVERITIES.get(severity - 1);
        HsvColor.adjust(image, out, shape.height() * shape.width(), p.multiplier(), p.shift(), 0);
    }
}
