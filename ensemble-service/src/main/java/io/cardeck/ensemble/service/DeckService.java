package io.cardeck.ensemble.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardeck.data.ImageShape;
import io.cardeck.deck.Card;
import io.cardeck.deck.CardDeck;
import io.cardeck.deck.DeckMode;
import io.cardeck.deck.Gating;
import io.cardeck.deck.Granularity;
import io.cardeck.deck.Weighting;
import io.cardeck.deck.gate.GateFeature;
import io.cardeck.deck.gate.SpectralDistance;
import io.cardeck.ensemble.registry.ModelRegistry;
import io.cardeck.ensemble.registry.RegisteredModel;
import io.cardeck.ensemble.repository.ModelFacts;
import io.cardeck.ensemble.repository.StoredCard;
import io.cardeck.ensemble.repository.StoredDeck;
import io.cardeck.ensemble.repository.StoredSpectrum;
import io.cardeck.evaluation.BatchClassifier;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.events.DeckCreated;
import io.cardeck.events.DeckDeleted;
import io.cardeck.events.EvaluationCompleted;
import io.cardeck.metrics.spectrum.Spectrum;
import io.cardeck.outbox.quarkus.EventOutbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Creates, describes and deletes decks, and keeps the members' evaluation figures. Creation checks
 * everything before it stores anything: every member exists, all take the same input and classes,
 * ONNX Runtime runs each, and the domains' reference spectra can be computed; then the deck, its
 * spectra and its DeckCreated event are stored in one transaction.
 */
@ApplicationScoped
public class DeckService {

    private static final TypeReference<List<String>> LABELS = new TypeReference<>() { };

    private final ModelRegistry registry;
    private final MemberSessions sessions;
    private final DomainReferences references;
    private final EventOutbox outbox;
    private final DeckRuntime runtime;
    private final ObjectMapper json;

    DeckService(ModelRegistry registry, MemberSessions sessions, DomainReferences references, EventOutbox outbox,
                DeckRuntime runtime, ObjectMapper json) {
        this.registry = registry;
        this.sessions = sessions;
        this.references = references;
        this.outbox = outbox;
        this.runtime = runtime;
        this.json = json;
    }

    public DeckView create(DeckDefinition definition) {
        if (QuarkusTransaction.requiringNew().call(() -> StoredDeck.findById(definition.name())) != null) {
            throw DeckException.conflict("deck " + definition.name() + " already exists; delete it first or choose another name");
        }
        List<RegisteredModel> models = new ArrayList<>();
        for (DeckDefinition.Member member : definition.members()) {
            models.add(registry.describe(member.modelId()));
        }
        RegisteredModel first = models.get(0);
        ImageShape shape = shapeOf(first);
        for (RegisteredModel model : models) {
            if (!shapeOf(model).equals(shape)) {
                throw DeckException.unsupported("all members must take the same input: model " + first.id() + " takes "
                        + shape + ", model " + model.id() + " takes " + shapeOf(model));
            }
            if (!model.labels().equals(first.labels())) {
                throw DeckException.unsupported("all members must classify into the same classes: model " + first.id()
                        + " has " + first.labels() + ", model " + model.id() + " has " + model.labels());
            }
            checkRuns(model, shape);
        }
        List<String> domains = definition.members().stream().map(DeckDefinition.Member::domain).distinct().toList();
        Map<String, Spectrum> spectra = references.compute(first.dataset(), shape, domains);
        List<Card> cards = new ArrayList<>();
        for (DeckDefinition.Member member : definition.members()) {
            cards.add(new Card(member.modelId().toString(), member.domain()));
        }
        try {
            new CardDeck(definition.name(), shape, first.labels().size(), cards, spectra, definition.gating());
        } catch (IllegalArgumentException e) {
            throw DeckException.unsupported(e.getMessage());
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> store(definition, models, spectra));
        } catch (PersistenceException e) {
            if (QuarkusTransaction.requiringNew().call(() -> StoredDeck.findById(definition.name())) != null) {
                throw DeckException.conflict("deck " + definition.name() + " was created meanwhile by another request");
            }
            throw e;
        }
        return describe(definition.name());
    }

    private static ImageShape shapeOf(RegisteredModel model) {
        List<Integer> dims = model.inputShape();
        if (dims == null || dims.size() != 3 || model.labels() == null || model.labels().size() < 2) {
            throw DeckException.unsupported("model " + model.id() + " is not an image classifier a deck can serve: input "
                    + dims + " (need [C, H, W]), labels " + model.labels() + " (need at least 2)");
        }
        return new ImageShape(dims.get(0), dims.get(1), dims.get(2));
    }

    /** Loads the member's session and runs two blank images, so a deck is never stored with a member that cannot answer. */
    private void checkRuns(RegisteredModel model, ImageShape shape) {
        OnnxClassifier classifier = sessions.classifier(UUID.fromString(model.id()), model.sha256());
        if (!classifier.inputShape().equals(shape)) {
            throw DeckException.unsupported("model " + model.id() + " is registered with input " + shape
                    + " but its graph takes " + classifier.inputShape());
        }
        float[] logits;
        try {
            logits = classifier.logits(new float[2 * shape.size()], 2);
        } catch (RuntimeException e) {
            throw DeckException.unsupported("model " + model.id() + " cannot classify a batch of 2 images: " + e.getMessage());
        }
        if (logits.length != 2 * model.labels().size()) {
            throw DeckException.unsupported("model " + model.id() + " gives " + logits.length / 2 + " outputs per image but has "
                    + model.labels().size() + " labels");
        }
    }

    private void store(DeckDefinition definition, List<RegisteredModel> models, Map<String, Spectrum> spectra) {
        StoredDeck deck = new StoredDeck();
        RegisteredModel first = models.get(0);
        deck.name = definition.name();
        deck.mode = definition.gating().mode().wireName();
        deck.k = definition.gating().k();
        deck.granularity = definition.gating().granularity().wireName();
        deck.distance = definition.gating().distance().wireName();
        deck.feature = definition.gating().feature().wireName();
        deck.bands = definition.gating().feature() == GateFeature.BANDS ? definition.gating().bands() : null;
        deck.weighting = definition.gating().weighting().wireName();
        deck.temperature = definition.gating().weighting() == Weighting.SOFT ? definition.gating().temperature() : null;
        deck.channels = first.inputShape().get(0);
        deck.height = first.inputShape().get(1);
        deck.width = first.inputShape().get(2);
        deck.labels = toJson(first.labels());
        deck.dataset = first.dataset();
        deck.calibrationImages = references.calibrationImages();
        deck.calibrationSeed = references.seed();
        deck.createdAt = Instant.now();
        for (int i = 0; i < models.size(); i++) {
            StoredCard card = new StoredCard();
            card.modelId = definition.members().get(i).modelId();
            card.modelName = models.get(i).name();
            card.modelSha256 = models.get(i).sha256();
            card.domain = definition.members().get(i).domain();
            deck.cards.add(card);
        }
        spectra.forEach((domain, spectrum) -> {
            StoredSpectrum stored = new StoredSpectrum();
            stored.height = spectrum.height();
            stored.width = spectrum.width();
            stored.spectrum = spectrum.values();
            deck.references.put(domain, stored);
        });
        deck.persistAndFlush();
        outbox.publish(new DeckCreated(UUID.randomUUID(), deck.createdAt, deck.name, deck.mode,
                deck.cards.stream().map(c -> c.modelId.toString()).toList(),
                deck.cards.stream().map(c -> c.domain).toList()));
    }

    public List<DeckView> list() {
        return QuarkusTransaction.requiringNew().call(() -> StoredDeck.<StoredDeck>listAll().stream()
                .map(this::view).toList());
    }

    public DeckView describe(String name) {
        return QuarkusTransaction.requiringNew().call(() -> view(find(name)));
    }

    public void delete(String name) {
        QuarkusTransaction.requiringNew().run(() -> {
            StoredDeck deck = find(name);
            deck.delete();
            outbox.publish(new DeckDeleted(UUID.randomUUID(), Instant.now(), name));
        });
        runtime.evict(name);
    }

    /** A stored deck as read from the database, before its members are loaded. */
    private record StoredView(CardDeck deck, List<String> labels, Map<String, String> sha256) {
    }

    /**
     * The stored deck {@code name} as a CardDeck with its members' current robust accuracies, and
     * its members' ONNX Runtime sessions (fetched from the registry the first time a deck holds them).
     *
     * @throws DeckException 404 for no such deck; 404/503/422 when a member cannot be loaded
     */
    public LoadedDeck load(String name) {
        StoredView stored = QuarkusTransaction.requiringNew().call(() -> {
            StoredDeck deck = find(name);
            Map<UUID, ModelFacts> facts = facts(deck);
            List<Card> cards = new ArrayList<>();
            Map<String, String> sha256 = new LinkedHashMap<>();
            for (StoredCard card : deck.cards) {
                ModelFacts fact = facts.get(card.modelId);
                OptionalDouble robust = fact == null || fact.robustAccuracy == null
                        ? OptionalDouble.empty() : OptionalDouble.of(fact.robustAccuracy);
                cards.add(new Card(card.modelId.toString(), card.domain, robust));
                sha256.put(card.modelId.toString(), card.modelSha256);
            }
            Map<String, Spectrum> spectra = new LinkedHashMap<>();
            deck.references.forEach((domain, s) -> spectra.put(domain, new Spectrum(s.height, s.width, s.spectrum)));
            List<String> labels = fromJson(deck.labels);
            CardDeck cardDeck = new CardDeck(deck.name, new ImageShape(deck.channels, deck.height, deck.width),
                    labels.size(), cards, spectra, new Gating(DeckMode.parse(deck.mode), deck.k,
                    Granularity.parse(deck.granularity), SpectralDistance.parse(deck.distance),
                    GateFeature.parse(deck.feature), deck.bands == null ? 0 : deck.bands, Weighting.parse(deck.weighting),
                    deck.temperature == null ? 0 : deck.temperature));
            return new StoredView(cardDeck, labels, sha256);
        });
        // Outside the transaction: a member fetched from the registry holds no database connection.
        Map<String, BatchClassifier> members = new LinkedHashMap<>();
        stored.sha256().forEach((modelId, sha256) -> members.put(modelId, sessions.classifier(UUID.fromString(modelId), sha256)));
        return new LoadedDeck(stored.deck(), stored.labels(), members);
    }

    /** Stores the figures of a completed evaluation once per event; a result older than the stored one is ignored. */
    public void recordEvaluation(EvaluationCompleted event) {
        UUID modelId;
        try {
            modelId = UUID.fromString(event.modelId());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EvaluationCompleted " + event.eventId() + " names model '" + event.modelId()
                    + "', which is not a model id (UUID)", e);
        }
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            if (!outbox.firstDelivery(event.eventId())) {
                return false;
            }
            ModelFacts facts = ModelFacts.findById(modelId);
            if (facts != null && facts.completedAt.isAfter(event.occurredAt())) {
                return false;
            }
            if (facts == null) {
                facts = new ModelFacts();
                facts.modelId = modelId;
            }
            facts.evaluationId = event.evaluationId();
            facts.cleanAccuracy = event.cleanAccuracy();
            facts.robustAccuracy = event.robustAccuracy();
            facts.completedAt = event.occurredAt();
            facts.persist();
            return true;
        });
        if (changed) {
            runtime.evictDecksOf(event.modelId());
        }
    }

    private static StoredDeck find(String name) {
        StoredDeck deck = StoredDeck.findById(name);
        if (deck == null) {
            throw DeckException.notFound("no deck named '" + name + "'");
        }
        return deck;
    }

    private static Map<UUID, ModelFacts> facts(StoredDeck deck) {
        Map<UUID, ModelFacts> facts = new LinkedHashMap<>();
        for (StoredCard card : deck.cards) {
            ModelFacts fact = ModelFacts.findById(card.modelId);
            if (fact != null) {
                facts.put(card.modelId, fact);
            }
        }
        return facts;
    }

    private DeckView view(StoredDeck deck) {
        Map<UUID, ModelFacts> facts = facts(deck);
        List<DeckView.Member> members = deck.cards.stream().map(card -> {
            ModelFacts fact = facts.get(card.modelId);
            return new DeckView.Member(card.modelId.toString(), card.modelName, card.domain,
                    fact == null ? null : fact.cleanAccuracy, fact == null ? null : fact.robustAccuracy);
        }).toList();
        return new DeckView(deck.name, new DeckView.Gating(deck.mode, deck.k, deck.granularity, deck.distance, deck.feature,
                deck.bands, deck.weighting, deck.temperature), members,
                deck.cards.stream().map(card -> card.domain).distinct().toList(), List.of(deck.channels, deck.height, deck.width),
                fromJson(deck.labels), deck.dataset, new DeckView.Calibration(deck.calibrationImages, deck.calibrationSeed),
                deck.createdAt);
    }

    private String toJson(List<String> labels) {
        try {
            return json.writeValueAsString(labels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write labels as JSON", e);
        }
    }

    private List<String> fromJson(String labels) {
        try {
            return json.readValue(labels, LABELS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored labels are not a JSON array: " + labels, e);
        }
    }
}
