package io.cardeck.evaluator.service;

import io.cardeck.onnx.runtime.ModelSession;
import java.util.Arrays;

/** Latency of a model on one image: the median of timed single-image runs after warm-up runs. */
final class SingleImageLatency {

    private SingleImageLatency() {
    }

    /** Median milliseconds of {@code runs} runs of {@code image} (batch of one) after {@code warmupRuns}. */
    static double medianMillis(ModelSession session, float[] image, int warmupRuns, int runs) {
        for (int i = 0; i < warmupRuns; i++) {
            session.run(image, 1);
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long started = System.nanoTime();
            session.run(image, 1);
            nanos[i] = System.nanoTime() - started;
        }
        return median(nanos) / 1e6;
    }

    /** The median; the mean of the two middle values for an even count. */
    static double median(long[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
