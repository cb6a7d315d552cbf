package io.cardeck.access.quarkus;

import io.cardeck.access.ApiKey;
import io.cardeck.access.InternalAccess;
import io.cardeck.access.ServiceCredential;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Refuses, with 401 and {@code {"error": "..."}}, every request but health that does not carry the
 * service credential (or, for the metrics page alone, the metrics key): the internal services answer
 * the gateway, each other and a scraper, not the network. It runs before every route, Quarkus' own
 * pages included.
 */
@ApplicationScoped
public class InternalAccessFilter {

    private static final Logger LOG = Logger.getLogger(InternalAccessFilter.class);
    private static final int ORDER = -10_000;

    private final Optional<InternalAccess> access;

    public InternalAccessFilter(InternalAccessConfig config) {
        Optional<ServiceCredential> credential = config.credential().filter(text -> !text.isBlank())
                .map(ServiceCredential::parse);
        Optional<ApiKey> metricsKey = config.metricsKey().filter(text -> !text.isBlank())
                .map(text -> ApiKey.ofSetting("cardeck.service.metrics-key", text));
        if (credential.isPresent() && metricsKey.isPresent() && credential.get().reveal().equals(metricsKey.get().reveal())) {
            throw new IllegalArgumentException("cardeck.service.metrics-key (CARDECK_SERVICE_METRICS_KEY) equals the service"
                    + " credential: a scraper would hold the credential that opens everything; generate a key of its own");
        }
        this.access = credential.map(c -> new InternalAccess(c, metricsKey));
    }

    void install(@Observes Router router) {
        if (access.isEmpty()) {
            LOG.warn("cardeck.service.credential (CARDECK_SERVICE_CREDENTIAL) is not set: this internal service answers"
                    + " anyone who reaches it; set it, as ./cardeck up does, wherever others share its network");
            return;
        }
        router.route().order(ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        Optional<String> refusal = access.get().refusal(context.request().method().name(), context.request().path(),
                context.request().getHeader(ServiceCredential.HEADER), context.request().getHeader(HttpHeaders.AUTHORIZATION));
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
