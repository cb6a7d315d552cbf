package io.cardeck.pruning;

import io.cardeck.onnx.OnnxModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What a pruning run gets besides the model and its parameters: where the model came from, the
 * training split's calibration and held-out data (never the test split, which only the evaluator
 * reads), a progress sink that is also the job's heartbeat, cancellation, a work directory for
 * checkpoints that survive the process, and a listener for the intermediate models of iterative
 * methods.
 */
public final class PruningContext {

    private final String parentModelId;
    private final Instant createdAt;
    private final long[] sampleShape;
    private final CalibrationData data;
    private final JobProgress progress;
    private final BooleanSupplier cancelled;
    private final Path workDirectory;
    private final RoundListener rounds;
    private final CheckpointListener checkpoints;

    private PruningContext(Builder builder) {
        this.parentModelId = builder.parentModelId;
        this.createdAt = Objects.requireNonNull(builder.createdAt, "createdAt");
        this.sampleShape = builder.sampleShape == null ? null : builder.sampleShape.clone();
        this.data = builder.data;
        this.progress = builder.progress;
        this.cancelled = builder.cancelled;
        this.workDirectory = builder.workDirectory;
        this.rounds = builder.rounds;
        this.checkpoints = builder.checkpoints;
    }

    /** A context for a model from a file, made now, with no data, progress or checkpoints. */
    public static PruningContext now() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The parent's id in cardeck's store, or null for a model from a file. */
    public String parentModelId() {
        return parentModelId;
    }

    /** The time written into the lineage. */
    public Instant createdAt() {
        return createdAt;
    }

    /** The sample shape to count MACs at: the one given, else the model's fixed input shape. */
    public long[] sampleShapeFor(OnnxModel model) {
        return sampleShape != null ? sampleShape.clone() : model.graph().fixedSampleShape();
    }

    /**
     * The calibration and held-out data of the model's training split.
     *
     * @throws InvalidParameterException naming {@code method} when the run was given none
     */
    public CalibrationData data(String method) {
        if (data == null) {
            throw new InvalidParameterException(method + " needs calibration data from the model's training split;"
                    + " none was given (name the dataset, e.g. --dataset fashion-mnist)");
        }
        return data;
    }

    public Optional<CalibrationData> data() {
        return Optional.ofNullable(data);
    }

    public JobProgress progress() {
        return progress;
    }

    /** @throws PruningCancelledException if the run has been cancelled */
    public void checkCancelled() {
        if (cancelled.getAsBoolean()) {
            throw new PruningCancelledException("the pruning run was cancelled");
        }
    }

    /** Where a long method keeps checkpoints that another process can resume from; empty: none kept. */
    public Optional<Path> workDirectory() {
        return Optional.ofNullable(workDirectory);
    }

    public RoundListener rounds() {
        return rounds;
    }

    /** Told each time a method has written a complete checkpoint into the work directory. */
    public CheckpointListener checkpoints() {
        return checkpoints;
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.parentModelId = parentModelId;
        builder.createdAt = createdAt;
        builder.sampleShape = sampleShape;
        builder.data = data;
        builder.progress = progress;
        builder.cancelled = cancelled;
        builder.workDirectory = workDirectory;
        builder.rounds = rounds;
        builder.checkpoints = checkpoints;
        return builder;
    }

    /** Collects a context; everything is optional. */
    public static final class Builder {

        private String parentModelId;
        private Instant createdAt = Instant.now();
        private long[] sampleShape;
        private CalibrationData data;
        private JobProgress progress = JobProgress.NONE;
        private BooleanSupplier cancelled = () -> false;
        private Path workDirectory;
        private RoundListener rounds = RoundListener.NONE;
        private CheckpointListener checkpoints = CheckpointListener.NONE;

        private Builder() {
        }

        public Builder parentModelId(String parentModelId) {
            this.parentModelId = parentModelId;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
            return this;
        }

        /** Input shape after the batch dim for counting MACs; default: the model's own fixed shape. */
        public Builder sampleShape(long[] sampleShape) {
            this.sampleShape = sampleShape == null ? null : sampleShape.clone();
            return this;
        }

        public Builder data(CalibrationData data) {
            this.data = data;
            return this;
        }

        public Builder progress(JobProgress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Polled between steps; true stops the run with {@link PruningCancelledException}. */
        public Builder cancelled(BooleanSupplier cancelled) {
            this.cancelled = Objects.requireNonNull(cancelled, "cancelled");
            return this;
        }

        public Builder workDirectory(Path workDirectory) {
            this.workDirectory = workDirectory;
            return this;
        }

        public Builder rounds(RoundListener rounds) {
            this.rounds = Objects.requireNonNull(rounds, "rounds");
            return this;
        }

        public Builder checkpoints(CheckpointListener checkpoints) {
            this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
            return this;
        }

        public PruningContext build() {
            return new PruningContext(this);
        }
    }
}
