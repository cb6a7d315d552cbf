package io.cardeck.gateway.client;

import io.cardeck.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A peer service reached through its REST client; every failure becomes a {@link PeerException} naming it. */
final class Peer<C> {

    private final String name;
    private final URI baseUri;
    private final C client;

    Peer(String name, URI baseUri, Class<C> clientType, GatewayConfig config) {
        this.name = name;
        this.baseUri = baseUri;
        this.client = QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(config.peerConnectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.peerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(clientType);
    }

    <T> T call(Function<C, T> request) {
        try {
            return request.apply(client);
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /** {@link #call} for a call that answers later, without holding a thread meanwhile. */
    <T> Uni<T> callLater(Function<C, Uni<T>> request) {
        try {
            return request.apply(client).onFailure().transform(this::failure);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(failure(e));
        }
    }

    /** The peer's refusal as it is, anything else as the peer being unavailable. */
    private RuntimeException failure(Throwable error) {
        if (error instanceof PeerException refusal) {
            return refusal;
        }
        if (error instanceof ProcessingException && error.getCause() instanceof PeerException refusal) {
            return refusal;
        }
        return PeerException.unreachable(name, baseUri, error);
    }
}
