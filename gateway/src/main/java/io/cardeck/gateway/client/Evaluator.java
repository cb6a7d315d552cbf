package io.cardeck.gateway.client;

import io.cardeck.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The evaluator-service as the gateway uses it: it owns the evaluations. */
@ApplicationScoped
public class Evaluator {

    public static final String NAME = "evaluator-service";

    private final Peer<EvaluatorClient> peer;

    public Evaluator(GatewayConfig config) {
        this.peer = new Peer<>(NAME, config.evaluatorUrl(), EvaluatorClient.class, config);
    }

    /** Evaluations (without cells) of {@code modelId}, or all when it is null. */
    public List<EvaluationView> evaluations(String modelId) {
        return peer.call(client -> client.evaluations(modelId));
    }

    /** @throws PeerException with status 404 when there is no such evaluation */
    public EvaluationView evaluation(String id) {
        return peer.call(client -> client.evaluation(id));
    }
}
