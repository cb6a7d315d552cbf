package io.cardeck.gateway.service;

import io.cardeck.events.ModelCardText;
import io.cardeck.events.ModelOrigin;
import io.cardeck.gateway.client.ModelView;
import io.cardeck.gateway.client.Pruner;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;

/**
 * Model uploads and model cards: checked here first, then registered by the pruner-service, which
 * owns the registry. The gateway stores nothing, so a refused upload leaves no trace.
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
     * The upload's {@code origin} field: UPLOAD when left out, else UPLOAD or ZOO (a zoo model, as
     * {@code cardeck up} and the demo register them).
     *
     * @throws InvalidInputException for PRUNED (prune jobs' only) or any other value, saying what is accepted
     */
    public static ModelOrigin origin(String origin) {
        try {
            return ModelOrigin.ofRegistration(origin);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /**
     * A model card's Markdown as the registry takes it.
     *
     * @throws InvalidInputException for a blank card, one too long or one with control characters, saying which
     */
    public static String card(String card) {
        try {
            return ModelCardText.check(card);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /**
     * @param file the uploaded ONNX bytes
     * @param fileName the upload's file name, used in messages and passed on
     * @param card the model card, checked by {@link #card}; null for none
     */
    public ModelView upload(Path file, String fileName, UploadMetadata metadata, ModelOrigin origin, String card) {
        validation.check(file, fileName, metadata);
        return pruner.register(file, fileName, metadata.name(), metadata.dataset(), metadata.labels(), origin, card);
    }

    /** Gives the registered model {@code card} (checked by {@link #card}) in place of the one it has. */
    public ModelView replaceCard(String modelId, String card) {
        return pruner.replaceCard(modelId, card);
    }
}
