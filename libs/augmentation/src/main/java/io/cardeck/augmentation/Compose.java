package io.cardeck.augmentation;

import io.cardeck.data.ImageShape;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/** Applies its steps one after another; intermediate images live in per-thread buffers that are reused. */
public final class Compose extends AbstractAugmentation {

    private final List<Augmentation> steps;
    private final ThreadLocal<float[][]> buffers = ThreadLocal.withInitial(() -> new float[2][0]);

    /** A pipeline called {@code name} (as manifests show it) of at least one step. */
    public Compose(String name, List<? extends Augmentation> steps) {
        super(checkedName(name));
        Objects.requireNonNull(steps, () -> "compose '" + name + "': steps are null");
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("compose '" + name + "': needs at least one step");
        }
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) == null) {
                throw new IllegalArgumentException("compose '" + name + "': step " + i + " is null");
            }
        }
        this.steps = List.copyOf(steps);
    }

    private static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("compose: name must be a non-blank text, got "
                    + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    public List<Augmentation> steps() {
        return steps;
    }

    @Override
    void transform(float[] image, ImageShape shape, SplittableRandom random, float[] out, int offset) {
        float[][] scratch = buffers.get();
        int size = shape.size();
        // Exactly one image long: a step may take the array's length for the image's.
        if (steps.size() > 1 && scratch[0].length != size) {
            scratch[0] = new float[size];
            scratch[1] = new float[size];
        }
        float[] current = image;
        int last = steps.size() - 1;
        for (int s = 0; s < last; s++) {
            float[] next = scratch[s % 2];
            transform(steps.get(s), current, shape, random, next, 0);
            current = next;
        }
        transform(steps.get(last), current, shape, random, out, offset);
    }
}
