package io.cardeck.pruning.unstructured;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.activations.LayerGeometry;
import io.cardeck.pruning.activations.LayerInputStatistics;
import io.cardeck.pruning.activations.LayerInputs;
import java.lang.ref.SoftReference;
import java.util.List;
import java.util.function.Supplier;

/**
 * The calibration inputs of a run's layers, captured at most once and only when asked for: a
 * method that needs none (magnitude with a data-free allocation) runs no forward pass. The last
 * capture of the process is kept (softly) and reused by a run on the same model, layers and images
 * (a sweep over sparsities or allocations captures once); a reuse is recorded, with the times of
 * the capture it reuses.
 */
public final class LayerInputSource {

    private static SoftReference<Reusable> last = new SoftReference<>(null);

    /** A capture and what it was made of. */
    private record Reusable(String key, boolean hessians, LayerInputs.Capture capture) {}

    private final OnnxModel model;
    private final List<PrunableLayer> layers;
    private final Supplier<ImageDataset> images;
    private final LayerInputs.Options options;
    private final JobProgress progress;
    private final Runnable cancellation;
    private final PruningTimings timings;
    private List<LayerGeometry> geometries;
    private List<LayerInputStatistics> statistics;
    private int capturedImages;
    private boolean reused;

    public LayerInputSource(OnnxModel model, List<PrunableLayer> layers, Supplier<ImageDataset> images,
                            LayerInputs.Options options, JobProgress progress, Runnable cancellation, PruningTimings timings) {
        this.model = model;
        this.layers = List.copyOf(layers);
        this.images = images;
        this.options = options;
        this.progress = progress;
        this.cancellation = cancellation;
        this.timings = timings;
    }

    /**
     * @throws io.cardeck.pruning.InvalidParameterException if a layer's op is not one layer-wise methods handle
     */
    public synchronized List<LayerGeometry> geometries() {
        if (geometries == null) {
            geometries = layers.stream().map(layer -> LayerGeometry.of(model, layer)).toList();
        }
        return geometries;
    }

    /** The statistics of every layer, in layer order; captured on the first call. */
    public synchronized List<LayerInputStatistics> statistics() {
        if (statistics == null) {
            ImageDataset calibration = images.get();
            String key = model.sha256() + " " + layers.stream().map(PrunableLayer::name).toList() + " " + calibration.name()
                    + " " + calibration.size() + " patches " + options.patchesPerImage() + " seed " + options.seed();
            LayerInputs.Capture capture;
            synchronized (LayerInputSource.class) {
                Reusable previous = last.get();
                if (previous != null && previous.key().equals(key) && (previous.hessians() || !options.hessians())) {
                    capture = previous.capture();
                    reused = true;
                } else {
                    capture = LayerInputs.capture(model, geometries(), calibration, options, progress, cancellation);
                    last = new SoftReference<>(new Reusable(key, options.hessians(), capture));
                }
            }
            timings.add("forwardSeconds", capture.forwardSeconds());
            timings.add(capture.statistics().get(0).hasHessians() ? "hessianSeconds" : "inputStatisticsSeconds",
                    capture.foldSeconds());
            statistics = capture.statistics();
            capturedImages = capture.images();
        }
        return statistics;
    }

    /** Images captured so far: 0 until {@link #statistics()} runs. */
    public synchronized int capturedImages() {
        return capturedImages;
    }

    /** Whether the statistics are those of an earlier run's capture (their times are that capture's). */
    public synchronized boolean reused() {
        return reused;
    }

    public LayerInputs.Options options() {
        return options;
    }
}
