package io.cardeck.gateway.service;

import io.cardeck.gateway.client.ModelView;
import io.cardeck.gateway.client.Pruner;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * Model uploads: checked here first, then registered by the pruner-service, which owns the
 * registry. The gateway stores nothing, so a refused upload leaves no trace.
 */
@ApplicationScoped
public class ModelUploads {

    private final ModelValidation validation;
    private final Pruner pruner;

    public ModelUploads(ModelValidation validation, Pruner pruner) {
        this.validation = validation;
        this.pruner = pruner;
    }

    /**
     * @param file the uploaded ONNX bytes
     * @param fileName the upload's file name, used in messages and passed on
     */
    public ModelView upload(Path file, String fileName, UploadMetadata metadata) {
        validation.check(file, fileName, metadata);
        return pruner.register(file, fileName, metadata.name(), metadata.dataset(), metadata.labels());
    }
}
