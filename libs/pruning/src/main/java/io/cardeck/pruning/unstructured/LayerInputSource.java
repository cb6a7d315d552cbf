package io.cardeck.pruning.unstructured;

import io.cardeck.data.ImageDataset;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.pruning.JobProgress;
import io.cardeck.pruning.PrunableLayer;
import io.cardeck.pruning.activations.LayerGeometry;
import io.cardeck.pruning.activations.LayerInputStatistics;
import io.cardeck.pruning.activations.LayerInputs;
import java.util.List;
import java.util.function.Supplier;

/**
 * The calibration inputs of a run's layers, captured at most once and only when asked for: a
 * method that needs none (magnitude with a data-free allocation) runs no forward pass.
 */
public final class LayerInputSource {

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
            LayerInputs.Capture capture = LayerInputs.capture(model, geometries(), calibration, options, progress, cancellation);
            timings.add("forwardSeconds", capture.forwardSeconds());
            timings.add(options.hessians() ? "hessianSeconds" : "inputStatisticsSeconds", capture.foldSeconds());
            statistics = capture.statistics();
            capturedImages = capture.images();
        }
        return statistics;
    }

    /** Images captured so far: 0 until {@link #statistics()} runs. */
    public synchronized int capturedImages() {
        return capturedImages;
    }

    public LayerInputs.Options options() {
        return options;
    }
}
