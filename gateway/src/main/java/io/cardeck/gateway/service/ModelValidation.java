package io.cardeck.gateway.service;

import io.cardeck.data.ImageShape;
import io.cardeck.gateway.config.GatewayConfig;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.admission.GraphAdmission;
import io.cardeck.onnx.admission.GraphLimits;
import io.cardeck.onnx.runtime.InferenceException;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.RunCancellation;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks an uploaded model before it is forwarded: within the size limit, an ONNX model whose graph
 * the upload limits admit ({@link GraphAdmission}: operators, weights, what nodes allocate) before
 * ONNX Runtime sees it, then loaded by ONNX Runtime and run on a zero batch within the runtime budget,
 * taking [N, C, H, W] float images of its dataset's shape and giving one output per label and per
 * dataset class. At most {@code uploads.max-concurrent} uploads are checked at once. The library's
 * refusals are {@link OnnxFormatException}s (their reason says 413, 415 or 422), the dataset checks
 * {@link UnsupportedModelException}s (422), a full instance {@link TooManyUploadsException} (429).
 */
@ApplicationScoped
public class ModelValidation {

    // One thread: a single zero image is all that runs, and uploads must not take every core.
    private static final SessionOptionsSpec SESSION = SessionOptionsSpec.cpu().withIntraOpThreads(1);

    private final GatewayConfig config;
    private final DatasetShapes datasets;
    private final GraphLimits limits;
    private final Semaphore places;
    // Runs the session and trial so that the request can give up on them. A cached pool starts each
    // trial at once (a queued trial that was given up would never release its place); the places
    // bound the threads.
    private final ExecutorService runtime;

    public ModelValidation(GatewayConfig config, DatasetShapes datasets) {
        this.config = config;
        this.datasets = datasets;
        GatewayConfig.Uploads uploads = config.uploads();
        this.limits = GraphLimits.of(uploads.maxWeightBytes().asLongValue(), uploads.maxTensorElements(),
                uploads.maxActivationBytes().asLongValue());
        this.places = new Semaphore(uploads.maxConcurrent());
        AtomicInteger threads = new AtomicInteger();
        this.runtime = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "upload-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        runtime.shutdownNow();
    }

    /**
     * @param file the uploaded bytes
     * @param sourceName what messages call the upload (its file name)
     * @throws OnnxFormatException if the model is too large, not ONNX, or refused by ONNX Runtime
     * @throws UnsupportedModelException if its input or outputs do not fit the dataset and labels
     * @throws InvalidInputException if the metadata's dataset is not available here
     */
    public void check(Path file, String sourceName, UploadMetadata metadata) {
        GatewayConfig.Uploads uploads = config.uploads();
        if (!places.tryAcquire()) {
            throw new TooManyUploadsException(uploads.maxConcurrent(), retryAfter(uploads.runtimeTimeout()));
        }
        boolean handedOver = false;
        try {
            long limit = config.maxModelSize().asLongValue();
            long size = size(file);
            if (size > limit) {
                throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.TOO_LARGE,
                        "the model is " + size + " bytes, more than the limit of " + limit + " bytes");
            }
            OnnxModel model = OnnxModel.parse(read(file), sourceName, limit);
            GraphAdmission.check(model, limits);
            DatasetFacts dataset = datasets.of(metadata.dataset());
            RunCancellation cancellation = new RunCancellation();
            Future<Integer> trial = runtime.submit(() -> {
                try {
                    return classes(model, sourceName, dataset, cancellation);
                } finally {
                    cancellation.close();
                    places.release();
                }
            });
            handedOver = true;
            int classes = await(trial, cancellation, sourceName, uploads.runtimeTimeout());
            if (classes != metadata.labels().size()) {
                throw new UnsupportedModelException(sourceName, "the model outputs " + classes + " classes but metadata.labels names "
                        + metadata.labels().size() + "; give one label per output column");
            }
            if (classes != dataset.classes()) {
                throw new UnsupportedModelException(sourceName, "the model outputs " + classes + " classes but " + dataset.name()
                        + " has " + dataset.classes() + "; a model is evaluated on its dataset's classes");
            }
        } finally {
            if (!handedOver) {
                places.release();
            }
        }
    }

    /** Loads the model into ONNX Runtime, checks its input and runs one zero image: the number of classes. */
    private static int classes(OnnxModel model, String sourceName, DatasetFacts dataset, RunCancellation cancellation) {
        try (ModelSession session = InferenceSessions.open(model, SESSION)) {
            checkInput(session, sourceName, dataset);
            return zeroBatch(session, sourceName, cancellation).cols();
        }
    }

    private static int await(Future<Integer> trial, RunCancellation cancellation, String sourceName, Duration budget) {
        try {
            return trial.get(budget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // ONNX Runtime does not stop on an interrupt: the run is stopped through its options (at once if it
            // has not started), and a session still being created frees the place once it is made.
            cancellation.cancel();
            trial.cancel(true);
            throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.RUNTIME_TIMEOUT,
                    "ONNX Runtime did not load the model and run one zero image within " + budget.toMillis()
                            + " ms (cardeck.gateway.uploads.runtime-timeout); accepted: models that load and run one"
                            + " image within that budget", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException refusal) {
                throw refusal;
            }
            throw new IllegalStateException("checking " + sourceName + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel();
            trial.cancel(true);
            throw new IllegalStateException("interrupted while checking " + sourceName, e);
        }
    }

    private static Duration retryAfter(Duration budget) {
        return Duration.ofSeconds(Math.max(1, (budget.toMillis() + 999) / 1000));
    }

    private static void checkInput(ModelSession session, String sourceName, DatasetFacts dataset) {
        ImageShape shape = dataset.shape();
        long[] expected = {shape.channels(), shape.height(), shape.width()};
        long[] actual = session.sampleShape();
        if (!Arrays.equals(actual, expected)) {
            throw new UnsupportedModelException(sourceName, "input '" + session.inputName() + "' takes samples of shape "
                    + Arrays.toString(actual) + "; " + dataset.name() + " images need a float input [N, C, H, W] = [N, "
                    + shape.channels() + ", " + shape.height() + ", " + shape.width() + "]");
        }
    }

    private static Logits zeroBatch(ModelSession session, String sourceName, RunCancellation cancellation) {
        try {
            return session.run(new float[session.sampleSize()], 1, cancellation);
        } catch (InferenceException | IllegalArgumentException e) {
            throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.REJECTED_BY_RUNTIME,
                    "ONNX Runtime cannot run the model on one zero image (a batch of 1; the batch dim must be"
                            + " dynamic): " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + file, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file " + file, e);
        }
    }
}
