package io.cardeck.gateway.client;

import io.cardeck.gateway.config.GatewayConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
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
        } catch (PeerException e) {
            throw e;
        } catch (ProcessingException e) {
            if (e.getCause() instanceof PeerException refusal) {
                throw refusal;
            }
            throw PeerException.unreachable(name, baseUri, e);
        }
    }
}
