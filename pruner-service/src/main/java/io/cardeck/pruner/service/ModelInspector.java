package io.cardeck.pruner.service;

import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.onnx.admission.GraphAdmission;
import io.cardeck.onnx.admission.GraphLimits;
import io.cardeck.onnx.count.ModelStatistics;
import io.cardeck.onnx.runtime.InferenceException;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.Logits;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.cardeck.pruner.config.PrunerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that uploaded bytes are a model cardeck can evaluate and prune: an ONNX model within the
 * size limit whose graph the upload limits admit ({@link GraphAdmission}), that ONNX Runtime loads and runs on one zero batch, with one float input
 * [N, C, H, W] and as many output classes as the upload names labels.
 */
@ApplicationScoped
public class ModelInspector {

    private final PrunerConfig config;

    public ModelInspector(PrunerConfig config) {
        this.config = config;
    }

    /**
     * @throws RejectedException TOO_LARGE, NOT_ONNX or UNSUPPORTED, saying what is wrong
     */
    public InspectedModel inspect(byte[] onnx, String source, List<String> labels) {
        try {
            OnnxModel model = OnnxModel.parse(onnx, source, config.maxModelBytes());
            // The gateway admits the graph first; this service checks again, as nothing trusts the network.
            GraphAdmission.check(model, GraphLimits.of(config.maxModelBytes(), GraphLimits.DEFAULT_MAX_TENSOR_ELEMENTS,
                    GraphLimits.DEFAULT_MAX_ACTIVATION_BYTES));
            long[] sampleShape;
            int classes;
            try (ModelSession session = InferenceSessions.open(model, SessionOptionsSpec.cpu())) {
                sampleShape = session.sampleShape();
                if (sampleShape.length != 3) {
                    throw unsupported(source + ": input '" + session.inputName() + "' has dims [N, "
                            + joined(sampleShape) + "]; cardeck needs one float image input [N, C, H, W]");
                }
                Logits logits = session.run(new float[session.sampleSize()], 1);
                classes = logits.cols();
            }
            if (classes != labels.size()) {
                throw unsupported(source + ": the model outputs " + classes + " classes but the metadata names "
                        + labels.size() + " labels; give one label per output class");
            }
            ModelStatistics statistics = ModelStatistics.of(model, sampleShape);
            return new InspectedModel(model, Arrays.stream(sampleShape).boxed().toList(), statistics,
                    model.metadata().lineage());
        } catch (OnnxFormatException e) {
            throw new RejectedException(Rejection.of(e.reason()), e.getMessage(), e);
        } catch (InferenceException | IllegalArgumentException e) {
            // A fixed batch other than 1, an output that is not a float tensor, a graph the counts cannot run.
            throw new RejectedException(Rejection.UNSUPPORTED, e.getMessage(), e);
        }
    }

    private static String joined(long[] dims) {
        return String.join(", ", Arrays.stream(dims).mapToObj(Long::toString).toList());
    }

    private static RejectedException unsupported(String message) {
        return new RejectedException(Rejection.UNSUPPORTED, message);
    }
}
