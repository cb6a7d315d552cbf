package io.cardeck.pruner.service;

import io.cardeck.events.ModelCardText;
import io.cardeck.events.ModelOrigin;
import io.cardeck.events.ModelReady;
import io.cardeck.onnx.Lineage;
import io.cardeck.onnx.ModelMetadata;
import io.cardeck.onnx.OnnxModel;
import io.cardeck.outbox.quarkus.EventOutbox;
import io.cardeck.pruner.repository.ModelArtifact;
import io.cardeck.pruner.repository.RegisteredModel;
import io.cardeck.pruner.repository.StoredLineage;
import io.cardeck.pruning.PruningResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The model registry: stores models with their ONNX bytes and announces each with a
 * {@link ModelReady} in the same transaction.
 */
@ApplicationScoped
public class ModelRegistry {

    private final ModelInspector inspector;
    private final EventOutbox outbox;

    public ModelRegistry(ModelInspector inspector, EventOutbox outbox) {
        this.inspector = inspector;
        this.outbox = outbox;
    }

    /**
     * Checks and stores an uploaded model. The bytes are stored as they came, so a download is
     * byte-identical to the upload. Nothing is stored when a check fails.
     *
     * @param card the model card (Markdown), or null for none
     * @throws RejectedException saying why the model is refused
     */
    @Transactional
    public RegisteredModel register(byte[] onnx, String source, ModelDescription description, ModelOrigin origin,
                                    String card) {
        if (origin == ModelOrigin.PRUNED) {
            throw new RejectedException(Rejection.INVALID,
                    "origin PRUNED is given by prune jobs only; an upload is UPLOAD or ZOO");
        }
        // Before the model's inspection, which takes far longer.
        String checkedCard = card == null ? null : checkedCard(card);
        InspectedModel inspected = inspector.inspect(onnx, source, description.labels());
        RegisteredModel model = new RegisteredModel();
        model.id = UUID.randomUUID();
        model.name = description.name();
        model.dataset = description.dataset();
        model.labels = description.labels();
        model.origin = origin;
        model.sha256 = inspected.model().sha256();
        model.sizeBytes = onnx.length;
        model.inputShape = inspected.inputShape();
        model.parameters = inspected.statistics().parameters();
        model.nonZeroParameters = inspected.statistics().nonZeroParameters();
        model.macs = inspected.statistics().macs();
        model.lineage = inspected.lineage() == null ? null : StoredLineage.of(inspected.lineage());
        model.card = checkedCard;
        store(model, onnx);
        return model;
    }

    /**
     * Gives the model {@code card} in place of the one it has: a zoo registered again brings the cards
     * its manifest writes now.
     *
     * @throws RejectedException UNKNOWN if no model has this id, INVALID for a card that is not accepted
     */
    @Transactional
    public RegisteredModel replaceCard(UUID id, String card) {
        RegisteredModel model = get(id);
        model.card = checkedCard(card);
        return model;
    }

    /**
     * Stores the model a prune job produced, in the job's transaction. The stored ONNX carries the
     * parent's dataset and labels besides the lineage the method wrote, so the file describes itself.
     *
     * @param nameSuffix appended to the model's name, e.g. " round 2/4" for a round of an iterative job
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RegisteredModel storePruned(UUID id, RegisteredModel parent, PruningResult result, String nameSuffix) {
        ModelMetadata metadata = result.model().metadata().withDataset(parent.dataset).withLabels(parent.labels);
        OnnxModel pruned = result.model().withMetadata(metadata);
        Lineage lineage = metadata.lineage();
        byte[] onnx = pruned.toBytes();
        RegisteredModel model = new RegisteredModel();
        model.id = id;
        model.name = prunedName(parent.name, lineage.method(), lineage.parameters()) + nameSuffix;
        model.dataset = parent.dataset;
        model.labels = parent.labels;
        model.origin = ModelOrigin.PRUNED;
        model.parentId = parent.id;
        model.sha256 = pruned.sha256();
        model.sizeBytes = onnx.length;
        model.inputShape = parent.inputShape;
        model.parameters = result.after().parameters();
        model.nonZeroParameters = result.after().nonZeroParameters();
        model.macs = result.after().macs();
        model.lineage = StoredLineage.of(lineage);
        store(model, onnx);
        return model;
    }

    /** The parent's name, the method and its parameters in name order: {@code lenet5 / magnitude scope=global sparsity=0.9}. */
    static String prunedName(String parentName, String method, Map<String, Object> parameters) {
        String settings = new TreeMap<>(parameters).entrySet().stream()
                .map(e -> " " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
        return parentName + " / " + method + settings;
    }

    private void store(RegisteredModel model, byte[] onnx) {
        // The database keeps microseconds: the view returned now must equal the one read later.
        model.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        model.persist();
        ModelArtifact.of(model.id, onnx).persist();
        outbox.publish(new ModelReady(UUID.randomUUID(), Instant.now(), model.id.toString(), model.sha256,
                model.dataset, model.origin, model.parentId == null ? null : model.parentId.toString()));
    }

    public List<RegisteredModel> newestFirst() {
        return RegisteredModel.newestFirst();
    }

    /** @throws RejectedException UNKNOWN if no model has this id */
    public RegisteredModel get(UUID id) {
        RegisteredModel model = RegisteredModel.findById(id);
        if (model == null) {
            throw new RejectedException(Rejection.UNKNOWN, "no model with id " + id);
        }
        return model;
    }

    /** @throws RejectedException UNKNOWN if no model has this id */
    public byte[] onnx(UUID id) {
        ModelArtifact artifact = ModelArtifact.findById(id);
        if (artifact == null) {
            throw new RejectedException(Rejection.UNKNOWN, "no model with id " + id);
        }
        return artifact.onnx;
    }

    /** A registered model with its ONNX bytes. */
    public record StoredModel(RegisteredModel model, byte[] onnx) {
    }

    /**
     * The model a prune request names by its id text, with its bytes.
     *
     * @throws RejectedException UNKNOWN if the text is not the id of a registered model
     */
    @Transactional
    public StoredModel load(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.UNKNOWN, "no model with id '" + id + "' (model ids are UUIDs)");
        }
        RegisteredModel model = RegisteredModel.findById(uuid);
        if (model == null) {
            throw new RejectedException(Rejection.UNKNOWN, "no model with id '" + id + "' in the registry");
        }
        return new StoredModel(model, onnx(uuid));
    }

    /** The card as {@link ModelCardText} takes it; INVALID with its reason otherwise. */
    private static String checkedCard(String card) {
        try {
            return ModelCardText.check(card);
        } catch (IllegalArgumentException e) {
            throw new RejectedException(Rejection.INVALID, e.getMessage(), e);
        }
    }
}
