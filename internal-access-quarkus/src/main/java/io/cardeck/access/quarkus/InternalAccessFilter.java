package io.cardeck.access.quarkus;

import io.cardeck.access.ServiceCredential;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refuses, with 401 and {@code {"error": "..."}}, every request but health that does not carry the
 * service credential: the internal services answer the gateway and each other, not the network.
 * It runs before every route, Quarkus' own pages included.
 */
@ApplicationScoped
public class InternalAccessFilter {

    private static final Logger LOG = Logger.getLogger(InternalAccessFilter.class);
    private static final int ORDER = -10_000;

    private final Optional<ServiceCredential> credential;

    public InternalAccessFilter(InternalAccessConfig config) {
        this.credential = config.credential().filter(text -> !text.isBlank()).map(ServiceCredential::parse);
    }

    void install(@Observes Router router) {
        if (credential.isEmpty()) {
            LOG.warn("cardeck.service.credential (CARDECK_SERVICE_CREDENTIAL) is not set: this internal service answers"
                    + " anyone who reaches it; set it, as ./cardeck up does, wherever others share its network");
            return;
        }
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        Optional<String> refusal = credential.get().refusal(context.request().path(),
                context.request().getHeader(ServiceCredential.HEADER));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        context.request().resume();
        context.response().setStatusCode(401)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", refusal.get()).encode());
    }
}
