package io.cardeck.gateway.service;

import io.cardeck.data.ImageShape;
import io.cardeck.gateway.config.GatewayConfig;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.runtime.InferenceException;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks an uploaded model before it is forwarded: within the size limit, an ONNX model, loaded
 * by ONNX Runtime, taking [N, C, H, W] float images of its dataset's shape, running on a zero batch,
 * and giving one output per label and per dataset class. The library's refusals are
 * {@link OnnxFormatException}s (their reason says 413, 415 or 422), the dataset checks
 * {@link UnsupportedModelException}s (422).
 */
@ApplicationScoped
public class ModelValidation {

    // One thread: a single zero image is all that runs, and uploads must not take every core.
    private static final SessionOptionsSpec SESSION = SessionOptionsSpec.cpu().withIntraOpThreads(1);

    private final GatewayConfig config;
    private final DatasetShapes datasets;

    public ModelValidation(GatewayConfig config, DatasetShapes datasets) {
        this.config = config;
        this.datasets = datasets;
    }

    /**
     * @param file the uploaded bytes
     * @param sourceName what messages call the upload (its file name)
     * @throws OnnxFormatException if the model is too large, not ONNX, or refused by ONNX Runtime
     * @throws UnsupportedModelException if its input or outputs do not fit the dataset and labels
     * @throws InvalidInputException if the metadata's dataset is not available here
     */
    public void check(Path file, String sourceName, UploadMetadata metadata) {
        long limit = config.maxModelSize().asLongValue();
        long size = size(file);
        if (size > limit) {
            throw new OnnxFormatException(sourceName, OnnxFormatException.Reason.TOO_LARGE,
                    "the model is " + size + " bytes, more than the limit of " + limit + " bytes");
        }
        OnnxModel model = OnnxModel.parse(read(file), sourceName, limit);
        DatasetFacts dataset = datasets.of(metadata.dataset());
        try (ModelSession session = InferenceSessions.open(model, SESSION)) {
            checkInput(session, sourceName, dataset);
            int classes = zeroBatch(session, sourceName).cols();
            if (classes != metadata.labels().size()) {
                throw new UnsupportedModelException(sourceName, "the model outputs " + classes + " classes but metadata.labels names "
                        + metadata.labels().size() + "; give one label per output column");
            }
            if (classes != dataset.classes()) {
                throw new UnsupportedModelException(sourceName, "the model outputs " + classes + " classes but " + dataset.name()
                        + " has " + dataset.classes() + "; a model is evaluated on its dataset's classes");
            }
        }
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

    private static Logits zeroBatch(ModelSession session, String sourceName) {
        try {
            return session.run(new float[session.sampleSize()], 1);
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
