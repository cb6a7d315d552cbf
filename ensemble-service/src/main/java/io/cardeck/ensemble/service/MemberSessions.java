package io.cardeck.ensemble.service;

import io.cardeck.ensemble.config.EnsembleConfig;
import io.cardeck.ensemble.registry.ModelRegistry;
import io.cardeck.evaluation.OnnxClassifier;
import io.cardeck.onnx.OnnxFormatException;
import io.cardeck.onnx.runtime.InferenceSessions;
import io.cardeck.onnx.runtime.ModelSession;
import io.cardeck.onnx.runtime.SessionOptionsSpec;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * One ONNX Runtime session per member model, loaded from the registry when a deck holding it is
 * created or loaded, and shared by every deck and request (sessions are safe for concurrent runs);
 * all closed at shutdown.
 */
@ApplicationScoped
public class MemberSessions {

    private static final Logger LOG = Logger.getLogger(MemberSessions.class);

    private final ModelRegistry registry;
    private final SessionOptionsSpec options;
    private final Map<UUID, OnnxClassifier> classifiers = new ConcurrentHashMap<>();
    private final Map<UUID, ModelSession> sessions = new ConcurrentHashMap<>();

    MemberSessions(ModelRegistry registry, EnsembleConfig config) {
        this.registry = registry;
        this.options = new SessionOptionsSpec(config.device(), 0, config.intraOpThreads(),
                SessionOptionsSpec.Optimization.ALL);
    }

    /**
     * The classifier of {@code modelId}, whose bytes must have {@code sha256}.
     *
     * @throws DeckException 404/503 when the registry cannot serve it, 422 when ONNX Runtime cannot run it
     */
    public OnnxClassifier classifier(UUID modelId, String sha256) {
        return classifiers.computeIfAbsent(modelId, id -> load(id, sha256));
    }

    /** Number of sessions loaded. */
    public int loaded() {
        return sessions.size();
    }

    private OnnxClassifier load(UUID modelId, String sha256) {
        byte[] onnx = registry.onnx(modelId, sha256);
        ModelSession session;
        try {
            session = InferenceSessions.open(onnx, "model " + modelId, options);
        } catch (OnnxFormatException e) {
            throw DeckException.unsupported("ONNX Runtime cannot serve model " + modelId + ": " + e.getMessage());
        }
        session.fallbackReason().ifPresent(reason -> LOG.warnf("model %s runs on CPU: %s", modelId, reason));
        try {
            OnnxClassifier classifier = new OnnxClassifier(session);
            sessions.put(modelId, session);
            return classifier;
        } catch (IllegalArgumentException e) {
            session.close();
            throw DeckException.unsupported(e.getMessage());
        }
    }

    void close(@Observes ShutdownEvent event) {
        classifiers.clear();
        sessions.values().forEach(ModelSession::close);
        sessions.clear();
    }
}
