package io.cardeck.trainer;

/**
 * Derives the seed of every random choice of a run from the run's seed and the choice's
 * position (shuffle of epoch e, image at position p of epoch e, dropout of step s). Nothing
 * random depends on what ran before or on thread timing, so a resumed run repeats an
 * uninterrupted one exactly and the run's "random state" is just its seed.
 */
final class Seeds {

    private static final long SHUFFLE = 1;
    private static final long IMAGE = 2;
    private static final long STEP = 3;

    private Seeds() {
    }

    static long shuffle(long seed, int epoch) {
        return mix(mix(mix(seed, SHUFFLE), epoch), 0);
    }

    static long image(long seed, int epoch, int position) {
        return mix(mix(mix(seed, IMAGE), epoch), position);
    }

    static long step(long seed, long step) {
        return mix(mix(mix(seed, STEP), step), 0);
    }

    /** SplitMix64's finaliser over the combined value: well-spread seeds from nearby inputs. */
    private static long mix(long state, long value) {
        long z = state * 0x9E3779B97F4A7C15L + value + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
