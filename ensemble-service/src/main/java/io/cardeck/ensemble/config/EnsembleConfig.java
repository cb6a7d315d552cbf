package io.cardeck.ensemble.config;

import io.cardeck.onnx.runtime.Device;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** Settings of the ensemble-service ({@code cardeck.ensemble.*}). */
@ConfigMapping(prefix = "cardeck.ensemble")
public interface EnsembleConfig {

    /** Base URL of the model registry (the pruner-service): {@code GET /models/{id}} and {@code /models/{id}/onnx}. */
    String registryUrl();

    /** Execution provider: cpu, or cuda (which falls back to CPU, with the reason logged, when unavailable). */
    @WithDefault("cpu")
    Device device();

    /** ONNX Runtime threads per operator; 0 lets ONNX Runtime choose. */
    @WithDefault("0")
    int intraOpThreads();

    /** Where the Fashion-MNIST IDX files are (calibration images of the reference spectra). */
    Path datasetDir();

    Calibration calibration();

    Batching batching();

    /** The most images one inference request may carry. */
    @WithDefault("1024")
    int maxRequestImages();

    /** How long a request may wait for its batch to run before it is answered 503. */
    @WithDefault("30s")
    Duration requestTimeout();

    /**
     * How long a loaded deck serves before it is read again from the database: picks up member figures
     * that another instance consumed (this instance's own updates reload at once). The read happens in
     * the background while the loaded deck goes on answering, and if it fails (the database
     * unreachable) the loaded deck serves on until a later read succeeds. 0 reads the deck for every
     * request and holds none, so inference then stops with the database.
     */
    @WithDefault("5s")
    Duration deckRefresh();

    /** The calibration images each domain's reference spectrum is computed from. */
    interface Calibration {
        /** The first N images of the training split. */
        @WithDefault("1000")
        int images();

        /** Seed of the domain augmentations applied to them. */
        @WithDefault("0")
        long seed();
    }

    /** Gathering concurrent requests of one deck into one run per card. */
    interface Batching {
        /** Images in one batched run (a larger request runs alone). */
        @WithDefault("64")
        int maxImages();

        /** How long the first request waits for others to join; 0 batches only what queued meanwhile. */
        @WithDefault("0ms")
        Duration maxDelay();

        /** Requests held per deck (waiting or running); one more is answered 503. */
        @WithDefault("256")
        int capacity();

        /**
         * Bytes of images held per deck (waiting or running, 4 per pixel value); a request that would pass it
         * is answered 503, one larger than all of it 413. Bounds the memory of a burst of large requests.
         */
        @WithDefault("64M")
        MemorySize capacityBytes();
    }
}
