package io.cardeck.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.cardeck.gateway.config.GatewayConfig;
import io.cardeck.events.BinaryTensorData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.OptionalInt;

/** The ensemble-service as the gateway uses it: it owns the decks and serves their inference. */
@ApplicationScoped
public class Ensemble {

    public static final String NAME = "ensemble-service";

    private final Peer<EnsembleClient> peer;

    public Ensemble(GatewayConfig config) {
        this.peer = new Peer<>(NAME, config.ensembleUrl(), EnsembleClient.class, config);
    }

    public JsonNode createDeck(JsonNode deck) {
        return peer.call(client -> client.createDeck(deck));
    }

    public JsonNode decks() {
        return peer.call(EnsembleClient::decks);
    }

    public JsonNode deck(String name) {
        return peer.call(client -> client.deck(name));
    }

    public void deleteDeck(String name) {
        peer.call(client -> {
            client.deleteDeck(name);
            return null;
        });
    }

    public JsonNode ready() {
        return peer.call(EnsembleClient::ready);
    }

    public JsonNode metadata(String deck) {
        return peer.call(client -> client.metadata(deck));
    }

    public JsonNode deckReady(String deck) {
        return peer.call(client -> client.deckReady(deck));
    }

    /**
     * The ensemble-service's answer to an inference request, passed on as it came; no thread waits
     * for it meanwhile.
     *
     * @param headerLength the JSON header's length when the request carries binary tensor data
     */
    public Uni<InferenceAnswer> infer(String deck, OptionalInt headerLength, byte[] request) {
        return peer.callLater(client -> (headerLength.isPresent()
                ? client.inferBinary(deck, headerLength.getAsInt(), request)
                : client.infer(deck, request))
                .map(response -> {
                    try (response) {
                        return new InferenceAnswer(response.readEntity(byte[].class), response.getMediaType(),
                                BinaryTensorData.headerLength(response.getHeaderString(BinaryTensorData.HEADER)));
                    }
                }));
    }

    public record InferenceAnswer(byte[] body, MediaType type, OptionalInt headerLength) {
    }
}
